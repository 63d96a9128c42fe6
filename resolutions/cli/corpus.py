"""`corpus import` and `index rebuild`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from ..services import audit, indexing
from .context import database


def register(app: Flask) -> None:
    corpus = AppGroup("corpus", help="Past resolutions.")
    app.cli.add_command(corpus)

    @corpus.command("import")
    @click.argument("path", type=click.Path(exists=True, path_type=Path))
    def import_corpus(path: Path):
        """Import the UN's XML, metadata (.jsonl), PDFs and Word files from PATH
        (a file, a folder or a .zip). Safe to re-run."""
        from ..services import corpus_import  # the PDF and Word readers load only when importing
        db = database()
        if not db.is_initialised():  # refuse before parsing thousands of files for nothing
            raise click.ClickException("the database has no tables yet: run `.venv/bin/flask --app app init` first")
        found = corpus_import.sources(path)
        summary, completed = corpus_import.ImportSummary(), False
        try:
            with db.collecting_index_changes() as collected:
                with click.progressbar(length=len(found), label="Importing", show_pos=True,
                                       item_show_func=lambda s: s.name.rsplit("/", 1)[-1] if s else "") as bar:
                    summary = corpus_import.import_path(db.unit_of_work, path, found=found,
                                                        progress=lambda source: bar.update(1, source))
            completed = True
        finally:  # an interrupted import is recorded too, with what it had done
            with db.unit_of_work() as session:
                audit.record(session, None, "import.run", detail={
                    "path": str(path), "files": len(found), "completed": completed,
                    "summary": summary.line(), "failed": len(summary.failed)})
        if collected:
            click.echo("Bringing the search index up to date…")
            db.index_worker.submit(collected)  # it catches up, or rebuilds when that is cheaper
        db.wait_for_index(timeout=3600)
        click.echo(summary.line())
        for name, reason in summary.failed:
            click.echo(f"  failed   {name}: {reason}")
        for name, reason in summary.notes[:50]:
            click.echo(f"  note     {name}: {reason}")
        if len(summary.notes) > 50:
            click.echo(f"  … and {len(summary.notes) - 50} more notes")

    index = AppGroup("index", help="The search index (derived from the database).")
    app.cli.add_command(index)

    @index.command("rebuild")
    def rebuild_index():
        """Rebuild the search index from the database."""
        _rebuild()


def _rebuild() -> None:
    with database().session() as session:
        total = indexing.expected_count(session)
        with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
            skipped = indexing.rebuild(session, progress=bar.update)
    click.echo(f"Indexed {total - len(skipped.rows)} documents.")
    for key, reason in skipped.rows:
        click.echo(f"  skipped  {key}: {reason} (see `flask --app app doctor`)")
