"""Write the README's results sections from the committed results: `python tools/readme_results.py [ROOT] [--check]`.

Each section is `tools/readme/<profile>.md` filled from `results/<profile>/` and `paper_tables/<profile>/`, so every
number and table in it comes from the committed files; `--check` exits 1 when the README differs (99_checks runs it).
A template names a table by its name in the registry `diffult.paper.ARTEFACTS` (`{table7}`; `{t7}` and `{t9}` are kept
as short names), and `{tv}` is the verdict count.
"""
import json, re, sys
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
    m3 = meta("fig3_sample_types")
    if (df := m3.get("d_f_used")) and df in (m3.get("category_share_by_d_f") or {}):
        sh, val = m3["category_share_by_d_f"][df], (m3.get("validation_share_by_d_f") or {}).get(df, {})
        f.update(df=df, df_id=sh["ID"], df_aid=sh["AID"], df_ood=sh["OOD"], df_val=val.get("ID per class (mean)", float("nan")),
                 df_rule=(m3.get("d_f_chosen") or {}).get("rule", "–"), df_chosen=(m3.get("d_f_chosen") or {}).get("reading", "–"))
    f["n9"] = WORDS.get(len(m9.get("config", {}).get("seeds") or [0]), "several")
    f["budget"] = budget_table(nbs)
    f["cache"] = ("from an empty stage cache" if r.get("from_empty_cache") else
                  "on a stage cache it found partly built (each stage's build time is in its `timing.json`)")
    ch = m7.get("choices") or {}
    if "sampler" in ch:
        sc = ch["sampler"]
        f["sampler_rows"] = "; ".join(f"{k} ({v['nfe']} NFE) {v['score']:.1f}% / {v['fid']:.2f}" for k, v in sc["rows"].items())
        f.update(sampler_chosen=sc["chosen"], sampler_used=sc["used"], sampler_n=sc["n"])
    if (wr := m7.get("whole_run_s")):
        f.update(run_s=wr["total"], run_stages=", ".join(f"{k} {v:,.0f} s" for k, v in wr["stages"].items()))
    return f

def budget_table(nbs: list) -> str:
    "What each notebook of the batch cost (wall and CPU time from reproduce.json) and the budget it ran at."
    rows = ["| notebook | status | wall s | CPU min | budget |", "|---|---|--:|--:|---|"]
    for n in nbs:
        b = n.get("budget") or {}
        what = (", ".join(f"{k} = {v}" for k, v in b["params"].items()) + ": " + b["why"]) if b else n.get("reason") or "full"
        rows.append(f"| {n['name']} | {n['status']} | {n['wall_s']:,.0f} | {n.get('cpu_s', 0) / 60:,.1f} | {what} |")
    return "\n".join(rows)

FINDINGS = {"fmnist": "Fashion-MNIST-LT (real 28×28 photos of clothes, CIFAR-10-LT's counts, r = 100)",
            "cpu": "Digits-LT (scikit-learn's real 8×8 digits, 294 training images, r = 100)"}
WORD = {False: "does not hold", None: "undetermined", True: "holds"}    # verdicts.json from before `outcome` was stored
ORDER = ("does not hold", "undetermined", "not testable", "holds")     # diffult.report.OUTCOMES

def findings(root: Path) -> str:
    "The README's first screen: the headline verdicts of each committed batch, unflattering first, with their evidence."
    out = ["<!-- findings: generated by tools/readme_results.py from results/*/table7 and table9 verdicts.json -->"]
    for p, what in FINDINGS.items():
        res = root/"results"/p
        r, m7 = json.loads((res/"reproduce.json").read_text()), json.loads((res/"table7"/"meta.json").read_text())
        n = len(m7.get("config", {}).get("seeds") or [0])
        runs = f"{WORDS.get(n, n)} whole run{'s' if n > 1 else ''}"
        prec = "bf16" if r.get("bf16") else "fp32"
        out.append(f"**{what}**: {runs}, {prec} on {r['device']}, batch of `{r['git_commit'][:7]}`.\n")
        cmp = m7.get("comparisons") or {}
        if all(k in cmp for k in ("paper protocol r100", "equal steps r100", "oversampling r100")):
            o = lambda k: f"**{cmp[k]['outcome']}**"
            out.append(f"In one line: DiffuLT beats CE at the paper's protocol: {o('paper protocol r100')}; at equal optimizer "
                       f"steps: {o('equal steps r100')}; DiffuLT beats oversampling the real images at equal steps: "
                       f"{o('oversampling r100')}.\n")
        vs = json.loads((res/"table7"/"verdicts.json").read_text())
        vs += [v for v in json.loads((res/"table9"/"verdicts.json").read_text()) if "oversampling" in v["claim"]]
        word = lambda v: v.get("outcome") or WORD[{"True": True, "False": False}.get(str(v["holds"]))]
        for v in sorted(vs, key=lambda v: ORDER.index(word(v))):
            out.append(f"- **{word(v)}**: {v['claim']} ({v['evidence'].split('; rule:')[0]})")
        out.append("")
    out.append("<!-- end findings -->")
    return "\n".join(out)

def render(root: Path) -> str:
    "The README with its findings and every section of SECTIONS rewritten from its template and results."
    s = (root/"README.md").read_text()
    a, b = s.index("<!-- findings"), s.index("<!-- end findings -->") + len("<!-- end findings -->")
    s = s[:a] + findings(root) + s[b:]
    for p, (first, nxt) in SECTIONS.items():
        sec = (root/"tools"/"readme"/f"{p}.md").read_text().format(**fields(root, p))
        a, b = s.index(first), s.index(nxt)
        s = s[:a] + sec.rstrip() + "\n\n" + s[b:]
    for path in re.findall(r"<!-- table: (results/bench/\S+) -->", s):   # the bench tables, as 91_benchmarks wrote them
        a = s.index(f"<!-- table: {path} -->\n") + len(f"<!-- table: {path} -->\n")
        s = s[:a] + (root/path).read_text().rstrip() + "\n" + s[s.index("<!-- end table -->", a):]
    return s

if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--check"]; root = Path(args[0] if args else ".").resolve()
    new = render(root)
    if "--check" in sys.argv:
        same = new == (root/"README.md").read_text()
        print("README results sections match the committed results" if same else
              "README results sections differ from the committed results: run python tools/readme_results.py"); sys.exit(0 if same else 1)
    (root/"README.md").write_text(new); print(f"wrote {root/'README.md'}")
