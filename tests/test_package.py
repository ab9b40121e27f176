"""`pip install .` (not editable, as the Colab setup cell and `make floor` do) must ship every file of helpers/."""

import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_wheel_holds_every_file_under_helpers(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("*.whl")
    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("helpers/")}
    tracked = subprocess.run(["git", "ls-files", "helpers"], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
    missing = sorted(set(tracked) - shipped)
    assert tracked and not missing, f"files of helpers/ missing from the wheel: {missing}"
