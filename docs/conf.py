"""Sphinx configuration of the diffult documentation site (`make docs`).

Nothing here is executed from the notebooks: the paper pages are the committed executed notebooks
(`results/<profile>/executed/`, fmnist where it has one, else cpu), the library pages are `nbs/*.ipynb` as they are,
and both are rendered from their stored outputs by myst-nb with execution off. The pages are discovered by glob
each build and copied into `docs/nbs/` (git-ignored) with a banner cell after the first H1; the API pages are one
`automodule` page per `diffult/*.py`, written into `docs/api/` (git-ignored).
"""
import json, re, shutil, sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))

# Which profile's executed notebook a paper page shows: the first of these that has it.
PROFILES = [("fmnist", "Fashion-MNIST-LT", "real Fashion-MNIST images, made long-tailed"),
            ("cpu", "Digits-LT", "scikit-learn's 8x8 digits, made long-tailed")]
PAPER_GLOBS = ("1*.ipynb", "2*.ipynb")


def _dataset_name(prof, default):
    "The dataset a batch ran on, as its `reproduce.json` says (falls back to the profile's usual one)."
    try: ds = json.loads((ROOT / "results" / prof / "reproduce.json").read_text()).get("dataset") or ""
    except (OSError, ValueError): ds = ""
    names = {"fmnist-lt": "Fashion-MNIST-LT", "digits-lt": "Digits-LT", "cifar10-lt": "CIFAR-10-LT",
             "cifar100-lt": "CIFAR-100-LT", "imagenet-lt": "ImageNet-LT"}
    return names.get(ds, ds or default)


def _md_cell(text): return {"cell_type": "markdown", "id": "diffult-site-banner", "metadata": {}, "source": text}


_TABLE = re.compile(r"^\|.*\|[ \t]*\n\|[ :|-]+\|[ \t]*$", re.M)   # a Markdown pipe table: a row, then its rule


def _terminal(text):
    "What a terminal shows of a stream: each line's text after its last carriage return (tqdm's redraws collapse)."
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


_FIGS = {}     # figures a printed table links to (paper_tables/<profile>/<file>), copied beside the site's notebooks


def _figure_link(m, prof):
    alt, ref = m.group(1), m.group(2)
    src = ROOT / "paper_tables" / (prof or "") / ref
    if prof and "/" not in ref and src.is_file():
        name = f"_fig_{prof}_{ref}"; _FIGS[name] = src.read_bytes()
        return f"![{alt}]({name})"
    return f"{alt} (`{ref}`)"


def _outputs(cell, prof=None):
    """A code cell's outputs as the site shows them: consecutive stream outputs merged and read as a terminal would;
    a printed Markdown table (what `diffult.report.write_table` prints) becomes a Markdown output, so that it renders
    as a table (its `#` title as bold text, not a page heading). Only the site's copy changes."""
    outs = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream" and outs and outs[-1].get("output_type") == "stream" \
                and outs[-1].get("name") == o.get("name"):
            outs[-1] = {**outs[-1], "text": "".join(outs[-1]["text"]) + "".join(o.get("text", ""))}
        else: outs.append(dict(o))
    for i, o in enumerate(outs):
        if o.get("output_type") != "stream": continue
        text = _terminal("".join(o.get("text", "")))
        if o.get("name") == "stdout" and _TABLE.search(text):
            md = re.sub(r"^#{1,6}\s+(.+)$", r"**\1**", text, flags=re.M)
            md = re.sub(r"!\[([^\]]*)\]\(([^)\s]+)\)", lambda m: _figure_link(m, prof), md)
            outs[i] = {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": md, "text/plain": text}}
        else: outs[i] = {**o, "text": text}
    return outs


def _for_site(nb, text, prof=None):
    "The site's copy of a notebook: cell ids filled in, outputs tidied (`_outputs`), `text` as a banner after the first H1."
    cells = nb.get("cells", [])
    for i, c in enumerate(cells):
        c.setdefault("id", f"cell-{i}")
        if c.get("cell_type") == "code": c["outputs"] = _outputs(c, prof)
    nb["nbformat"], nb["nbformat_minor"] = 4, max(nb.get("nbformat_minor", 5), 5)
    at = next((i + 1 for i, c in enumerate(cells) if c.get("cell_type") == "markdown"
               and re.search(r"^#\s+\S", "".join(c.get("source", "")), re.M)), 0)
    cells.insert(at, _md_cell(text))
    return nb


def _write(dest, text):
    "Write only what changed, so that Sphinx's incremental build re-reads only changed pages."
    if isinstance(text, bytes):
        if not dest.exists() or dest.read_bytes() != text: dest.write_bytes(text)
    elif not dest.exists() or dest.read_text() != text: dest.write_text(text)


def _sync_dir(d, pages):
    "Make folder `d` hold exactly `pages` ({file name: text})."
    d.mkdir(exist_ok=True)
    for p in d.iterdir():
        if p.name not in pages: shutil.rmtree(p) if p.is_dir() else p.unlink()
    for name, text in pages.items(): _write(d / name, text)


def _paper_banner(name):
    for prof, default, what in PROFILES:
        src = ROOT / "results" / prof / "executed" / name
        if src.exists():
            others = [p for p, *_ in PROFILES if p != prof and (ROOT / "results" / p / "executed" / name).exists()]
            also = f" The `{'`, `'.join(others)}` profile's run of it is in `results/{others[0]}/executed/{name}`." if others else ""
            ds = _dataset_name(prof, default)
            return src, prof, (f"```{{note}}\n**Profile `{prof}`, dataset {ds}** ({what}). This page is the executed notebook "
                         f"`results/{prof}/executed/{name}` of the committed batch, shown with its stored outputs "
                         f"(not re-executed here). The source notebook is `nbs/{name}`.{also}\n```")
    return ROOT / "nbs" / name, None, (f"```{{warning}}\nNo committed executed run of `nbs/{name}` was found under "
                                 f"`results/{{{','.join(p for p, *_ in PROFILES)}}}/executed/`: this page is the source "
                                 f"notebook without outputs.\n```")


def _api_pages():
    mods = sorted(p.stem for p in (ROOT / "diffult").glob("*.py") if not p.stem.startswith("_"))
    pages = {f"{m}.md": (f"# `diffult.{m}`\n\n```{{eval-rst}}\n.. automodule:: diffult.{m}\n"
                         f"   :members:\n   :show-inheritance:\n```\n") for m in mods}
    pages["index.md"] = ("# API\n\nThe exported module, one page per submodule (generated from the "
                                  "library notebooks by `nbdev_export`; the notebooks are the source).\n\n"
                                  "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(mods) + "\n```\n")
    _sync_dir(DOCS / "api", pages)


def _notebook_pages():
    pages = {}
    paper = sorted({p.name for g in PAPER_GLOBS for p in (ROOT / "nbs").glob(g)})
    for name in sorted(p.name for p in (ROOT / "nbs").glob("*.ipynb")):
        if name.startswith(("_", ".")): continue
        if name in paper:
            src, prof, banner = _paper_banner(name)
        else:
            src, prof, banner = ROOT / "nbs" / name, None, (f"```{{note}}\nLibrary notebook `nbs/{name}`, shown as committed "
                                                 "(its stored outputs, not executed for this site).\n```")
        nb = _for_site(json.loads(src.read_text()), banner, prof)
        pages[name] = json.dumps(nb, ensure_ascii=False, indent=1)
    _sync_dir(DOCS / "nbs", {**pages, **_FIGS})


_notebook_pages()
_api_pages()

project = "diffult"
author = "diffult developers"
copyright = "diffult developers"
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]
myst_heading_anchors = 3
nb_execution_mode = "off"          # the site shows stored outputs; it never runs a notebook
nb_merge_streams = True
nb_output_stderr = "remove"
nb_render_markdown_format = "myst"
exclude_patterns = ["_build", "requirements.txt", "**.ipynb_checkpoints"]
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type", "misc.highlighting_failure"]
autodoc_member_order = "bysource"
autodoc_default_options = {"undoc-members": False}
html_theme = "furo"
html_title = "diffult: DiffuLT reproduced"
html_static_path = []


def _rst_safe(app, what, name, obj, options, lines):
    "nbdev docstrings are Markdown: `code` becomes an RST literal, and a `|` outside one is escaped (no substitution)."
    for i, line in enumerate(lines):
        parts = re.split(r"(``[^`]+``|`[^`]+`)", line)
        lines[i] = "".join(("``" + p.strip("`") + "``") if p.startswith("`") else p.replace("|", "\\|")
                           for p in parts)


def setup(app):
    app.connect("autodoc-process-docstring", _rst_safe)
