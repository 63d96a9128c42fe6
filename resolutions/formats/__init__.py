"""One reader and/or writer per format, each over the domain's Document."""
