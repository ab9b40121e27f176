"""Render the course to static HTML: ``build/html/`` with an index page in course order.

Lessons and solutions are rendered with their stored outputs (figures embedded as data URIs, widget
state included so widgets show their last view); exercise notebooks are rendered as statements
(no outputs). Run with ``make html``; open ``build/html/index.html``.

Formulas render offline: MathJax 2.7 is copied from the ``jupyter-server-mathjax`` package (a pinned
requirement) into ``build/html/mathjax/`` and every page loads it from there, never from a CDN.
"""

from __future__ import annotations

import html
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "html"
SECTIONS = [("notebooks", "Lessons"), ("exercises", "Exercises"), ("solutions", "Solutions")]
# The configuration file that jupyter-server-mathjax ships (MathJax 2.7: TeX input, HTML-CSS / MathML output).
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"


def bundle_mathjax() -> str:
    """Copy MathJax into build/html/mathjax/ and return the URL the pages use (relative: pages sit one level down)."""
    import jupyter_server_mathjax

    source = pathlib.Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (source / "MathJax.js").is_file():
        raise SystemExit(f"render_html: no MathJax.js in {source}; reinstall jupyter-server-mathjax")
    target = OUT / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return f"../mathjax/MathJax.js?config={MATHJAX_CONFIG}"


def render(path: pathlib.Path, exporter) -> pathlib.Path:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if path.parent.name == "exercises":   # the statements only, whatever a student may have run
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
    body, _ = exporter.from_notebook_node(nb)
    # Relative links between notebooks point at the rendered pages.
    body = body.replace('.ipynb"', '.html"')
    target = OUT / path.parent.name / (path.stem + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def main() -> int:
    from nbconvert import HTMLExporter

    sys.path.insert(0, str(ROOT))
    from helpers.course import LESSONS

    exporter = HTMLExporter(template_name="lab")
    exporter.embed_images = True
    exporter.mathjax_url = bundle_mathjax()
    rows = []
    for lesson in LESSONS:
        cells = []
        for folder, _ in SECTIONS:
            names = [lesson.filename] + (["00_try_the_checks.ipynb"] if lesson.number == "00" else [])
            links = []
            for name in names:
                src = ROOT / folder / name
                if src.exists():
                    out = render(src, exporter)
                    label = html.escape(src.stem.replace("_", " "))
                    links.append(f'<a href="{out.relative_to(OUT).as_posix()}">{label}</a>')
            cells.append("<br>".join(links) or "&ndash;")
        title = html.escape(f"{lesson.number} · {lesson.title}")
        rows.append(f"<tr><td>{title}<br><small>{html.escape(lesson.summary)}</small></td>"
                    + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{label}</th>" for _, label in SECTIONS)
    index = f"""<!doctype html><html><head><meta charset="utf-8"><title>Upsampling, Inside Out</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}}
table{{width:100%;border-collapse:collapse;table-layout:fixed}}th:first-child{{width:40%}}
td,th{{padding:.4rem .8rem;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}}</style></head>
<body><h1>Upsampling, Inside Out</h1><p>The course rendered from its stored outputs, in course order.</p>
<table><tr><th>Lesson</th>{head}</tr>{''.join(rows)}</table></body></html>"""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "index.html").write_text(index, encoding="utf-8")
    print(f"wrote {OUT / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
