"""Browser test: every lesson notebook in a real JupyterLab, driven by headless Chromium (Playwright).

nbval runs the kernels but no frontend, so it cannot tell whether a slider moves a figure. This does:

1. installs Debian's ``chromium`` if ``/usr/bin/chromium`` is missing (as root; ``apt-get``);
2. copies ``notebooks/`` to a temporary folder, with stored outputs stripped (the stored notebooks are
   never opened, so never modified), and starts JupyterLab there on 127.0.0.1 with a random port and
   token and its own temporary config and runtime folders; kernels import ``helpers`` from this
   checkout (``PYTHONPATH``) and, on Linux and macOS, talk to the server over Unix sockets, so no other
   process starting kernels at the same time can take their ports;
3. for every notebook (all of ``notebooks/*.ipynb`` present at run time; ``--workers N`` workers, default 1,
   each with its own JupyterLab server and browser, take the notebooks longest first, one at a time): opens it,
   runs *Restart Kernel and Run All Cells*, waits for the kernel to finish (a kernel that never starts or
   a Run All that shows no progress for two minutes is retried once, on a reloaded page with a new
   kernel, and the server's log tail is printed), saves the copy and asserts
   that every code cell ran and that no cell has an error output (cells tagged ``raises-exception``
   excepted) or stderr, and that the page logged no JavaScript error;
   then compares the saved copy's outputs with the stored ones by strict nbval's rules and functions
   (``tools/nbcompare.py``: same markers, sanitizers and compared keys), so this run is also the strict
   output check of the lessons in the course's environment (``--no-compare`` leaves it out);
4. for every widget the notebook shows, moves one control (a slider by one step with the keyboard,
   else a dropdown to another option) and asserts that the widget's output (its image, or its
   ``Output`` / ``HTML`` content) changed;
5. saves one screenshot per notebook in ``build/browser-test/`` (ignored by git).

Run with ``make browser-test`` (part of ``make test``) or ``python tools/browser_test.py [NOTEBOOK ...]``.
Closes with ``N passed, N failed`` and exits non-zero when any notebook failed.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from nbcompare import compare_notebooks  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]

# What the page reports about the open notebook: code cells' prompts ("[3]:", "[*]:", "[ ]:"), the
# kernel's execution indicator and whether the document has unsaved changes.
STATE_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const cells = [...panel.querySelectorAll('.jp-Notebook > .jp-Cell, .jp-WindowedPanel-viewport > .jp-Cell')];
  const code = cells.filter(c => c.classList.contains('jp-CodeCell'));
  const prompts = code.map(c => (c.querySelector('.jp-InputPrompt')?.textContent || '').trim());
  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
  return {code: code.length, prompts, status: ind ? ind.getAttribute('data-status') : null,
          dirty: tab ? tab.classList.contains('jp-mod-dirty') : null};
}"""

# A fingerprint of what a widget shows, its controls excluded: image sources (a new blob/data URL on
# every redraw), the text and images of Output widgets and the content of HTML widgets.
SNAPSHOT_JS = """(area) => {
  const imgs = [...area.querySelectorAll('img')].map(i => i.src + '|' + i.naturalWidth);
  const outs = [...area.querySelectorAll('.widget-output, .jupyter-widget-output')].map(o => o.innerHTML);
  const html = [...area.querySelectorAll('.widget-html-content, .widget-htmlmath-content')].map(h => h.innerHTML);
  return JSON.stringify({imgs, outs, html});
}"""


_LOG_LOCK = threading.Lock()
_CURRENT = threading.local()


def log(*args) -> None:
    """Print a line at once; with several workers, each line names the notebook it is about."""
    prefix = getattr(_CURRENT, "name", None)
    with _LOG_LOCK:
        print(*((f"[{prefix}]",) if prefix else ()), *args, flush=True)


def ensure_chromium() -> None:
    if pathlib.Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0:
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium (sudo apt-get install -y chromium)")
    log("installing Debian's chromium (apt-get) ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def strip_outputs(src: pathlib.Path, dst: pathlib.Path) -> dict:
    """Copy ``src`` to ``dst`` without outputs or execution counts; return cell index -> tags of code cells."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    tags = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb.get("metadata", {}).pop("widgets", None)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(code):
        tags[i] = cell.get("metadata", {}).get("tags", [])
    dst.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return tags


class Server:
    """JupyterLab on 127.0.0.1 with a random port and token, in its own temporary config/runtime folders."""

    def __init__(self, root_dir: pathlib.Path, work: pathlib.Path):
        self.port, self.token = free_port(), secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        config, runtime = work / "config", work / "runtime"
        settings = config / "lab" / "user-settings" / "@jupyterlab"
        for path, value in {
            "apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
            # every cell in the DOM (no virtual scrolling), so prompts and widgets can all be found
            "notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
            # the test saves once, after Run All: no half-run copy on disk if a try has to be repeated
            "docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        }.items():
            (settings / path).parent.mkdir(parents=True, exist_ok=True)
            (settings / path).write_text(json.dumps(value))
        # The debugger panel asks a new kernel for its state; the restart of Run All cancels that request
        # and it logs a console error. The course does not use the debugger: leave it out.
        (config / "labconfig").mkdir(parents=True, exist_ok=True)
        (config / "labconfig" / "page_config.json").write_text(
            json.dumps({"disabledExtensions": {"@jupyterlab/debugger-extension": True}}))
        env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # inline figures in the kernels
        pythonpath = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))   # this checkout's helpers
        env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(runtime), TF_CPP_MIN_LOG_LEVEL="2",
                   TF_ENABLE_ONEDNN_OPTS="0", PYTHONPATH=pythonpath, JUPYTER_PLATFORM_DIRS="1")
        cmd = [str(pathlib.Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={root_dir}",
               "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True"]
        # Kernels talk to the server over Unix sockets in their runtime folder, not TCP ports: on TCP,
        # jupyter_client picks five free ports and releases them before the kernel binds them (again at every
        # restart), and the nbval kernels of the floor run, started at the same moment, can take one.
        if os.name == "posix":
            cmd.append("--KernelManager.transport=ipc")
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = work / "jupyter.log"
        self.log_file = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def wait_ready(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.proc.returncode}); see {self.log_path}")
            try:
                self.api("/api/status")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"jupyter lab did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop_kernels(self) -> None:
        try:
            for session in self.api("/api/sessions"):
                self.api(f"/api/sessions/{session['id']}", method="DELETE")
            for kernel in self.api("/api/kernels"):
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
        except OSError as e:
            log(f"  (could not stop kernels: {e})")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)   # the server and its kernels (own session)
                self.proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=15)
        self.log_file.close()


# What JupyterLab logs when Run All's restart cancels the requests it had just sent to the new kernel
# (debugger state, subshell creation) or a comm of the killed kernel: ignored only between the click on
# Restart and the first cell running; any console error after that counts.
RESTART_NOISE = ("before replies were done", "Comm not found for comm id")


class _PageError:
    """An uncaught page exception, shaped like a console message."""

    type = "error"

    def __init__(self, text: str):
        self.text = f"page error: {text}"
        self.location = {}


def log_tail(server, lines: int = 25) -> None:
    """Print the last lines of the JupyterLab server's log (kernel restarts, socket errors), for the record."""
    try:
        server.log_file.flush()
        tail = server.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError as e:
        tail = [f"(could not read {server.log_path}: {e})"]
    for line in tail:
        log("    | " + line[:240])


class NotebookFailure(AssertionError):
    pass


def wait_for(page, predicate, timeout: float, what: str, interval: float = 0.5):
    """Poll ``predicate()`` until it returns a truthy value; raise NotebookFailure after ``timeout`` s."""
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        last = predicate()
        if last:
            return last
        page.wait_for_timeout(interval * 1000)
    raise NotebookFailure(f"timed out after {timeout:.0f} s waiting for {what}")


class KernelStuck(NotebookFailure):
    """The kernel stopped making progress: it never started after the restart, or Run All stalled."""


def run_all(page, timeout: float, phase: list, start_timeout: float = 120, stall: float = 120) -> dict:
    """Restart the kernel and run all cells; return the final state once the kernel has finished.

    ``phase[0]`` is set to ``"restart"`` from the click until the first cell runs, then to ``"run"``.
    Raises KernelStuck when the restarted kernel runs no cell within ``start_timeout`` s, or when the page
    shows no progress (same prompts, same kernel status) for ``stall`` s before the run has finished: no
    lesson cell takes a third of that (a whole lesson runs in 13 to 42 s here).
    """
    state = lambda: page.evaluate(STATE_JS)  # noqa: E731
    idle = [0]

    def settled():   # idle for three polls in a row: a restart right after the start can lose the socket
        s = state()
        idle[0] = idle[0] + 1 if s and s["code"] and s["status"] == "idle" else 0
        return idle[0] >= 3

    wait_for(page, settled, 180, "the kernel to be idle")
    page.wait_for_timeout(1500)
    phase[0] = "restart"
    for attempt in range(3):   # the toolbar can be re-rendered while the kernel settles: retry the click
        try:
            page.locator('jp-button[data-command="notebook:restart-run-all"]').first.click(timeout=20_000)
            page.locator(".jp-Dialog .jp-mod-accept").first.click(timeout=20_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.wait_for_timeout(2000)

    def started():
        s = state()
        return s and any(p.startswith("[*]") or p[1:2].isdigit() for p in s["prompts"])

    try:
        wait_for(page, started, start_timeout, "the restarted kernel to start running cells")
    except NotebookFailure as e:
        raise KernelStuck(str(e)) from None
    phase[0] = "run"
    stable = [0]
    progress = {"seen": None, "since": time.monotonic()}

    def finished():
        s = state()
        if not s:
            return None
        running = any(p.startswith("[*]") for p in s["prompts"])
        numbered = any(p[1:2].isdigit() for p in s["prompts"])
        done = s["status"] == "idle" and numbered and not running
        seen = (tuple(s["prompts"]), s["status"])
        if seen != progress["seen"]:
            progress["seen"], progress["since"] = seen, time.monotonic()
        elif not done and time.monotonic() - progress["since"] > stall:
            queued = sum(p.startswith("[*]") for p in s["prompts"])
            raise KernelStuck(f"Run All stalled: no progress for {stall:.0f} s (kernel {s['status']!r}, "
                              f"{queued} cell(s) still queued)")
        stable[0] = stable[0] + 1 if done else 0
        return s if stable[0] >= 3 else None   # idle with nothing queued for three polls in a row

    return wait_for(page, finished, timeout, "Run All to finish")


def save_and_check(page, path: pathlib.Path, tags: dict) -> list:
    """Save the notebook copy and check its outputs; return a list of problems."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    before = path.stat().st_mtime_ns
    page.keyboard.press("Control+s")
    wait_for(page, lambda: path.stat().st_mtime_ns != before and page.evaluate(STATE_JS)["dirty"] is False, 60,
             "the notebook to be saved")
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = []
    for i, cell in enumerate(code):
        src = "".join(cell["source"]).strip()
        first = src.splitlines()[0][:60] if src else ""
        if src and cell.get("execution_count") is None:
            problems.append(f"code cell {i + 1} was not executed ({first!r})")
        counts.append(cell.get("execution_count"))
        for out in cell.get("outputs", []):
            if out["output_type"] == "error" and "raises-exception" not in tags.get(i, []):
                problems.append(f"code cell {i + 1} raised {out['ename']}: {out['evalue'][:200]}")
            if out["output_type"] == "stream" and out.get("name") == "stderr":
                problems.append(f"code cell {i + 1} wrote to stderr: {''.join(out['text'])[:200]!r}")
    ran = [c for c in counts if c is not None]
    if ran and ran != list(range(1, len(ran) + 1)):
        problems.append(f"execution counts are not 1..{len(ran)} in order: {ran}")
    return problems


def move_widgets(page, screenshot: pathlib.Path, timeout: float) -> tuple[int, list]:
    """Move one control of every widget on the page; return (widgets moved, problems)."""
    areas = page.locator(".jp-NotebookPanel .jp-OutputArea-output:has(.jupyter-widgets)")
    problems, moved = [], 0
    for w in range(areas.count()):
        area = areas.nth(w)
        area.scroll_into_view_if_needed()
        before = area.evaluate(SNAPSHOT_JS)
        if before == '{"imgs":[],"outs":[],"html":[]}':
            problems.append(f"widget {w + 1}: shows no image, Output or HTML to compare")
            continue
        handles = area.locator(".widget-slider .noUi-handle")
        selects = area.locator(".widget-dropdown select")
        toggles = area.locator(".widget-toggle-buttons button:not(.mod-active), .widget-checkbox input")
        if handles.count():
            handle = handles.first
            now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
            readout = area.locator(".widget-readout").first
            label = area.locator(".widget-slider .widget-label").first.inner_text()
            handle.focus()
            key = "ArrowLeft" if now is not None and top is not None and float(now) >= float(top) else "ArrowRight"
            page.keyboard.press(key)
            what = f"slider {label!r} {key} (readout now {readout.inner_text()!r})"
        elif selects.count():
            select = selects.first
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("s => s.options[s.selectedIndex].text")
            target = next(o for o in options if o != current)
            select.select_option(label=target)
            what = f"dropdown {current!r} -> {target!r}"
        elif toggles.count():
            toggles.first.click()
            what = "toggle / checkbox click"
        else:   # a display-only widget (a progress bar, say): nothing to move
            log(f"  widget {w + 1}: no control (display only), not moved")
            continue
        try:
            wait_for(page, lambda a=area, b=before: a.evaluate(SNAPSHOT_JS) != b, timeout, f"widget {w + 1} to redraw")
            ok = area.evaluate("a => [...a.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)")
            if not ok:
                problems.append(f"widget {w + 1}: after {what} an image did not load")
            moved += 1
            log(f"  widget {w + 1}: {what}: output changed")
        except NotebookFailure:
            problems.append(f"widget {w + 1}: output did not change within {timeout:.0f} s after {what}")
    if moved:
        areas.nth(areas.count() - 1).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot))
    return moved, problems


# Opens a notebook in the JupyterLab already loaded in the page (window.jupyterapp: the server runs with
# --LabApp.expose_app_in_browser), so the app is loaded once per worker, not once per notebook.
OPEN_JS = """async (path) => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }"""
# Closes every document without a "save changes?" dialog: the copy was saved before the widgets moved.
CLOSE_JS = """() => {
  for (const w of Array.from(window.jupyterapp.shell.widgets('main'))) {
    if (w.context && w.context.model) w.context.model.dirty = false;
    w.dispose();
  }
}"""


def test_notebook(browser, server: Server, rel: str, source: pathlib.Path, path: pathlib.Path, tags: dict,
                  shots: pathlib.Path, args, held: dict) -> tuple[list, int]:
    """Test one notebook. ``held["page"]`` is the worker's page with JupyterLab loaded (None: load it)."""
    page = held.get("page")
    fresh = page is None
    if fresh:
        page = held["page"] = browser.new_page(viewport={"width": 1280, "height": 1000})
    console = []
    phase = ["load"]
    offline, restart_noise = [], []

    def on_console(m):
        if m.type != "error":
            return
        url = m.location.get("url") or ""
        # this machine has no internet: an external image (the Colab badge) cannot load; anything else counts
        if m.text.startswith("Failed to load resource") and url.startswith("http") and not url.startswith(server.base):
            offline.append(url)
        elif phase[0] == "restart" and any(r in m.text for r in RESTART_NOISE):
            restart_noise.append(m.text[:80])
        else:
            console.append(f"[{phase[0]}] {m.text} (at {url})")

    page.on("console", on_console)
    def on_pageerror(e):
        on_console(_PageError(str(e)))

    page.on("pageerror", on_pageerror)
    try:
        t_load = time.monotonic()
        if fresh:
            workspace = "bt" + secrets.token_hex(4)   # a fresh workspace: only this notebook is opened
            page.goto(f"{server.base}/lab/workspaces/{workspace}/tree/{rel}?token={server.token}",
                      wait_until="domcontentloaded", timeout=120_000)
        else:
            page.evaluate(OPEN_JS, rel)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
        phase[0], t0 = "run", time.monotonic()
        try:
            final = run_all(page, args.timeout, phase, stall=args.stall)
        except KernelStuck as e:   # a kernel that never came back from the restart or stalled: one more try
            log(f"  {e}; reloading the page and trying once more; the server's last log lines:")
            log_tail(server)
            server.stop_kernels()
            strip_outputs(source, path)
            console.clear()
            page.reload(wait_until="domcontentloaded", timeout=120_000)
            page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=120_000)
            final = run_all(page, args.timeout, phase, stall=args.stall)
        phase[0], t1 = "after", time.monotonic()
        problems = save_and_check(page, path, tags)
        if args.compare:
            problems += compare_notebooks(source, path)
        if any(not p[1:2].isdigit() for p in final["prompts"]) and not problems:
            problems.append("some code cells show no execution count")
        moved, widget_problems = move_widgets(page, shots / (path.stem + ".png"), args.widget_timeout)
        problems += widget_problems
        builds = sum("_widget(" in "".join(c["source"]) for c in json.loads(source.read_text())["cells"]
                     if c["cell_type"] == "code")
        if builds and not moved:
            problems.append(f"the notebook builds {builds} lesson widget(s) but none could be moved")
        page.wait_for_timeout(500)
        note = f"; external resources not loaded (offline): {sorted(set(offline))}" if offline else ""
        note += f"; cancelled by the restart (ignored): {restart_noise}" if restart_noise else ""
        log(f"  load {t0 - t_load:.0f} s, restart + run all {t1 - t0:.0f} s, save + widgets "
            f"{time.monotonic() - t1:.0f} s{note}")
        problems += [f"JavaScript console error: {text[:300]}" for text in console]
        return problems, moved
    except Exception as e:  # a timeout or a vanished element: report it with a screenshot
        try:
            page.screenshot(path=str(shots / (path.stem + ".png")))
        except Exception:
            pass
        log(f"  {type(e).__name__}; the server's last log lines:")
        log_tail(server)
        held["page"] = None   # the next notebook starts from a freshly loaded page
        return [f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"] + [
            f"JavaScript console error: {t[:300]}" for t in console], 0
    finally:
        if held.get("page") is not None:
            try:
                page.evaluate(CLOSE_JS)   # close the notebook before its kernel is stopped
                page.locator(".jp-NotebookPanel").first.wait_for(state="detached", timeout=20_000)
            except Exception:
                held["page"] = None
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_pageerror)
        if held.get("page") is None:
            page.close()
        server.stop_kernels()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to test (default: every notebooks/*.ipynb present now)")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "browser-test",
                        help="screenshot folder (default build/browser-test)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for one notebook's Run All")
    parser.add_argument("--stall", type=float, default=120,
                        help="seconds without progress after which Run All counts as stalled and is retried once")
    parser.add_argument("--widget-timeout", type=float, default=30, help="seconds for a widget to redraw")
    # Default 1: the floor run takes the other core of a 2-core CI machine. (Run All of lesson 04, the first
    # notebook, timed out twice in CI on 2026-12-05, with 2 workers and then with 1, while the floor run was
    # starting its kernels: hence the Unix-socket kernels, the stall check and its one retry.) More workers
    # are for a machine with cores to spare (BROWSER_WORKERS=N).
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BROWSER_WORKERS", "1")),
                        help="notebooks tested at once, each worker with its own JupyterLab and browser (default 1)")
    parser.add_argument("--no-compare", dest="compare", action="store_false",
                        help="do not compare the executed outputs with the stored ones (tools/nbcompare.py)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        raise SystemExit("no notebooks found")
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    start = time.monotonic()
    work = pathlib.Path(tempfile.mkdtemp(prefix="browser-test-"))
    site = work / "course"
    (site / "notebooks").mkdir(parents=True)
    copies = {}
    for p in paths:
        dst = site / "notebooks" / p.name
        copies[p] = (dst, strip_outputs(p, dst))
    # Longest first (by stored size, a fair proxy for run time), so no worker is left with a long notebook at
    # the end while the others idle.
    queue = sorted(paths, key=lambda q: q.stat().st_size, reverse=True)
    lock = threading.Lock()
    results, crashes = [], []
    workers = max(1, min(args.workers, len(paths)))

    def worker(n: int) -> None:
        server = Server(site, work / f"worker{n}")
        try:
            server.wait_ready()
            log(f"worker {n}: JupyterLab on 127.0.0.1:{server.port}")
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                held = {"page": None}
                try:
                    while True:
                        with lock:
                            if not queue:
                                return
                            p = queue.pop(0)
                        _CURRENT.name = p.stem
                        t0 = time.monotonic()
                        dst, tags = copies[p]
                        problems, moved = test_notebook(browser, server, f"notebooks/{p.name}", p, dst, tags,
                                                        args.out, args, held)
                        dt = time.monotonic() - t0
                        with lock:
                            results.append((p.name, problems, moved, dt))
                        status = "PASSED" if not problems else "FAILED"
                        log(f"{status} in {dt:.0f} s ({moved} widget{'s' if moved != 1 else ''} moved)")
                        for problem in problems:
                            log(f"  - {problem}")
                        _CURRENT.name = None
                finally:
                    browser.close()
        except Exception as e:  # a server or browser that did not start: the notebooks left are failures
            crashes.append(f"worker {n}: {type(e).__name__}: {e}")
            log(f"worker {n} stopped: {type(e).__name__}: {e}")
        finally:
            server.stop()

    log(f"{len(paths)} notebooks, {workers} worker(s); screenshots in {args.out}")
    try:
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    done = {r[0] for r in results}
    results += [(p.name, ["not run: " + "; ".join(crashes or ["no worker took it"])], 0, 0.0)
                for p in paths if p.name not in done]
    results.sort(key=lambda r: r[0])
    failed = [r for r in results if r[1]]
    shots = len(list(args.out.glob("*.png")))
    log(f"browser test: {len(results)} notebooks in {time.monotonic() - start:.0f} s, "
        f"{shots} screenshots in {args.out}")
    for name, problems, _, _ in failed:
        log(f"FAILED {name}: {problems[0]}")
    log(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
