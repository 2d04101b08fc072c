#!/usr/bin/env python3
"""Check the built documentation site in headless Chromium (`make docs-check`, after `make docs`).

Serves SITE (default docs/_build/html) with `python -m http.server` on 127.0.0.1 at a free port, then
1. loads every paper page (one per `nbs/1*.ipynb` and `nbs/2*.ipynb`) in `chromium --headless --dump-dom` and
   asserts it renders its result: a `<table>` for a table notebook (`1*`), an output `<img>` for a figure
   notebook (`2*`), and the banner that names the profile and dataset;
2. crawls the site's own pages from index.html and asserts that no internal link or image is broken (the target
   answers 200, and a `#fragment` names an id on the target page);
3. takes screenshots of the index page and of the Table 7 page into SITE/_screenshots/.
Stops the server at the end; exits 1 on any failure.
"""
import argparse, contextlib, html.parser, os, re, shutil, socket, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chromium_bin():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if p := shutil.which(name): return p
    sys.exit("check_site: no chromium on PATH (Debian: apt-get install -y chromium)")


class Chromium:
    "Headless Chromium, one process per call, with a throw-away profile (root needs --no-sandbox)."
    def __init__(self):
        self.bin, self.profile = chromium_bin(), tempfile.mkdtemp(prefix="check_site_chromium_")
    def _run(self, *args, timeout=90):
        cmd = [self.bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--no-first-run", "--hide-scrollbars", f"--user-data-dir={self.profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    def dom(self, url):
        r = self._run("--virtual-time-budget=5000", "--dump-dom", url)
        if r.returncode: raise RuntimeError(f"chromium --dump-dom {url}: exit {r.returncode}: {r.stderr[-500:]}")
        return r.stdout
    def screenshot(self, url, path, size="1280,1600"):
        r = self._run(f"--window-size={size}", "--virtual-time-budget=5000", f"--screenshot={path}", url)
        if r.returncode or not Path(path).exists() or Path(path).stat().st_size == 0:
            raise RuntimeError(f"chromium --screenshot {url}: exit {r.returncode}: {r.stderr[-500:]}")
    def close(self): shutil.rmtree(self.profile, ignore_errors=True)


@contextlib.contextmanager
def serve(site):
    "python -m http.server on 127.0.0.1 at a free port; yields the base URL, stops the server on exit."
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try: urllib.request.urlopen(base, timeout=2).close(); break
            except OSError: time.sleep(0.1)
        else: raise RuntimeError(f"http.server did not answer on {base}")
        yield base
    finally:
        proc.terminate()
        try: proc.wait(timeout=10)
        except subprocess.TimeoutExpired: proc.kill(); proc.wait()


class Links(html.parser.HTMLParser):
    "The ids, links (a/link href) and embedded resources (img/script src) of one page."
    def __init__(self):
        super().__init__(); self.ids, self.links, self.srcs, self.tables, self.imgs = set(), [], [], 0, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"): self.ids.add(a["id"])
        if tag == "a" and a.get("name"): self.ids.add(a["name"])
        if tag in ("a", "link") and a.get("href"): self.links.append(a["href"])
        if tag in ("img", "script") and a.get("src"): self.srcs.append(a["src"])
        if tag == "img": self.imgs.append(a.get("src", ""))
        if tag == "table": self.tables += 1


def parse(text):
    p = Links(); p.feed(text); return p


def fetch(url):
    "(status, body text or None) for one URL of the local server."
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read()
            return r.status, body.decode("utf-8", "replace") if "html" in r.headers.get("Content-Type", "") else None
    except urllib.error.HTTPError as e: return e.code, None
    except OSError as e: return f"error {e}", None


def crawl(base):
    "Visit every internal HTML page reachable from index.html; return (pages visited, broken [(page, link, why)])."
    pages, broken, todo, seen, checked = {}, [], [base + "index.html"], set(), {}
    while todo:
        url = todo.pop()
        if url in seen: continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200 or body is None: continue
        pages[url] = p = parse(body)
        for ref in p.links + p.srcs:
            target = urllib.parse.urljoin(url, ref)
            if not target.startswith(base): continue          # external: not ours to check
            path, _, frag = target.partition("#")
            path = path.split("?")[0]
            if path not in checked: checked[path] = fetch(path)
            status, body = checked[path]
            if status != 200:
                broken.append((url[len(base):], ref, f"HTTP {status}")); continue
            if body is not None:
                if path not in seen: todo.append(path)
                if frag:
                    ids = pages[path].ids if path in pages else parse(body).ids
                    if urllib.parse.unquote(frag) not in ids: broken.append((url[len(base):], ref, "no such id"))
    return pages, broken


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", nargs="?", default=str(ROOT / "docs" / "_build" / "html"))
    ap.add_argument("--nbs", default=str(ROOT / "nbs"))
    args = ap.parse_args()
    site, nbs = Path(args.site), Path(args.nbs)
    if not (site / "index.html").exists(): sys.exit(f"check_site: no {site}/index.html: run `make docs` first")
    paper = sorted({p.stem for g in ("1*.ipynb", "2*.ipynb") for p in nbs.glob(g)})
    shots = site / "_screenshots"; shots.mkdir(exist_ok=True)
    t0, failures, chrome = time.time(), [], Chromium()
    try:
        with serve(site) as base:
            print(f"check_site: serving {site} at {base}; {len(paper)} paper notebooks in {nbs}")
            for stem in paper:
                url = f"{base}nbs/{stem}.html"
                try: dom = chrome.dom(url)
                except Exception as e: failures.append(f"{stem}: {e}"); print(f"FAIL {stem}: {e}"); continue
                p = parse(dom)
                figs = [s for s in p.imgs if "_images/" in s]
                m = re.search(r"Profile\s*(?:<[^>]*>\s*)*(\w+)(?:\s*<[^>]*>)*\s*,\s*dataset\s+([^<(]+)", dom)
                if not m: m = re.search(r"(No committed executed run)", dom)
                banner = f"profile {m.group(1)}, {m.group(2).strip()}" if m and m.lastindex == 2 else (m and m.group(1))
                need = "table" if stem.startswith("1") else "figure"
                ok = (p.tables > 0 if need == "table" else len(figs) > 0) and bool(m) and m.lastindex == 2
                print(f"{'ok  ' if ok else 'FAIL'} {stem:32s} {p.tables:2d} <table>, {len(figs):2d} output <img>; {banner}")
                if not ok: failures.append(f"{stem}: no {need} rendered or no profile banner")
            pages, broken = crawl(base)
            print(f"links: crawled {len(pages)} pages from index.html, {len(broken)} broken internal links")
            for page, ref, why in broken[:50]: print(f"  broken: {page} -> {ref} ({why})")
            if broken: failures.append(f"{len(broken)} broken internal links")
            missing = [s for s in paper if f"{base}nbs/{s}.html" not in pages]
            if missing: failures.append(f"paper pages not reachable from index.html: {missing}")
            t7 = next((s for s in paper if re.match(r"^\d\w_table7", s)), None)
            # Table 7's table stands below the notebook's set-up cells: a tall window takes the page down to it.
            for name, url, size in [("index", base + "index.html", "1280,1600"),
                                    ("table7", t7 and f"{base}nbs/{t7}.html", "1280,9000")]:
                if url is None: failures.append("no Table 7 notebook to screenshot"); continue
                out = shots / f"{name}.png"
                try: chrome.screenshot(url, out, size); print(f"screenshot: {out} ({out.stat().st_size:,} bytes)")
                except Exception as e: failures.append(f"screenshot {name}: {e}")
    finally:
        chrome.close()
    print(f"check_site: {len(paper) - sum(f.split(':')[0] in paper for f in failures)} of {len(paper)} paper pages "
          f"render their result; {len(failures)} problem(s); {time.time() - t0:.0f} s")
    for f in failures: print(f"  {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
