"""Write the README's results sections from the committed results: `python tools/readme_results.py [ROOT] [--check]`.

Each section is `tools/readme/<profile>.md` filled from `results/<profile>/` and `paper_tables/<profile>/`, so every
number and table in it comes from the committed files; `--check` exits 1 when the README differs (99_checks runs it).
A template names a table by its name in the registry `diffult.paper.ARTEFACTS` (`{table7}`; `{t7}` and `{t9}` are kept
as short names), and `{tv}` is the verdict count.
"""
import json, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))      # this checkout's diffult, for its registry of artefacts
from diffult.paper import ARTEFACTS

SECTIONS = {"fmnist": ("## Results on real data: Fashion-MNIST-LT", "## Results on Digits-LT"),     # profile: (first line, next section)
            "cpu": ("## Results on Digits-LT (`cpu` profile)", "## Performance")}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}

def fields(root: Path, profile: str) -> dict:
    "The template's fields: the batch summary, the tables it embeds, and the judge and seed figures of its meta.json files."
    res, tab = root/"results"/profile, root/"paper_tables"/profile
    r = json.loads((res/"reproduce.json").read_text()); nbs = r["notebooks"]
    rows = lambda f: "\n".join(l for l in (tab/f).read_text().splitlines() if l.startswith("|"))
    meta = lambda a: json.loads((res/a/"meta.json").read_text()) if (res/a/"meta.json").exists() else {}
    m7, m9 = meta("table7"), meta("table9")
    f = dict(n_ok=sum(n["status"] == "ok" for n in nbs), n=len(nbs), nsk=sum(n["status"] == "skipped" for n in nbs),
             wall_s=r["wall_s"], commit=r["git_commit"][:7], device=r["device"], jobs=r["jobs"], thr=r["threads_per_notebook"],
             n_seeds=WORDS.get(len(m7.get("config", {}).get("seeds", [0])), "several"))
    tables = {t: rows(f"{t}.md") for a in ARTEFACTS for t in a.tables if (tab/f"{t}.md").exists()}
    f.update(tables)                                   # {table7}, {table9}, ...: every table of the registry the batch wrote
    for short, name in (("t7", "table7"), ("t9", "table9")):
        if name in tables:
            f[short] = tables[name]
    if (tab/"verdicts.md").exists():
        f["tv"] = rows("verdicts.md")
    if m7.get("judge_acc") is not None: f.update(j7=m7["judge_acc"], jt=m7["judge_test_acc"])
    f["precision"] = "bf16 autocast (the CPU has bf16 units)" if r.get("bf16") else "fp32 (the CPU has no bf16 units)"
    ld = r.get("load") or {}
    f["load"] = (f"the notebooks used {ld['cpu_s'] / 60:,.0f} CPU-minutes, and other processes on the machine "
                 f"{ld['other_cpu_s'] / 60:,.1f} CPU-minutes meanwhile (`load` in `reproduce.json`)" if ld.get("other_cpu_s") is not None
                 else "the load of the rest of the machine was not recorded")
    f["jruns"] = ", ".join(f"{k} {v:.1f}%" for k, v in (m9.get("judge_by_run") or {}).items())
    return f

def render(root: Path) -> str:
    "The README with every section of SECTIONS rewritten from its template and results."
    s = (root/"README.md").read_text()
    for p, (first, nxt) in SECTIONS.items():
        sec = (root/"tools"/"readme"/f"{p}.md").read_text().format(**fields(root, p))
        a, b = s.index(first), s.index(nxt)
        s = s[:a] + sec.rstrip() + "\n\n" + s[b:]
    return s

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--check"]; root = Path(args[0] if args else ".").resolve()
    new = render(root)
    if "--check" in sys.argv:
        same = new == (root/"README.md").read_text()
        print("README results sections match the committed results" if same else
              "README results sections differ from the committed results: run python tools/readme_results.py"); sys.exit(0 if same else 1)
    (root/"README.md").write_text(new); print(f"wrote {root/'README.md'}")
