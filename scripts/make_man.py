#!/usr/bin/env python3
"""Writes the man pages docs/man/manifoldlab.1 and docs/man/manifoldlab-cli.1 from the programs' --help.

    scripts/make_man.py --cli build/app/manifoldlab-cli --gui build/app/manifoldlab --out docs/man
    scripts/make_man.py --cli ... --gui ... --check docs/man   # ctest man_pages_current: exit 1 if stale

The CLI's page has every subcommand (from `manifoldlab-cli --help`) with every option of its
`manifoldlab-cli <command> --help`. Python 3 standard library only.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys

REFRESH = "python3 scripts/make_man.py --cli build/app/manifoldlab-cli --gui build/app/manifoldlab --out docs/man"


def run(argv):
    env = dict(os.environ)
    env.pop("DISPLAY", None)  # the GUI answers --help without a display
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    if done.returncode != 0:
        sys.exit(f"make_man: {' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def roff(text):
    """Plain text as roff: backslashes, leading control characters and non-ASCII escaped."""
    out = []
    for ch in text.replace("\\", "\\e"):
        out.append(ch if ord(ch) < 128 else "\\[u%04X]" % ord(ch))
    s = "".join(out)
    return "\\&" + s if s[:1] in (".", "'") else s


def flag(text):
    """An option or command line: hyphens are minus signs, so it can be copied from the page."""
    return roff(text).replace("-", "\\-")


def header(name, version, summary):
    title = flag(name.upper())
    return [
        f'.TH {title} 1 "" "ManifoldLab {version}" "User Commands"',
        ".nh",  # no hyphenation: flags and paths stay whole
        ".SH NAME",
        f"{flag(name)} \\- {roff(summary)}",
    ]


def parse_cli_commands(text):
    commands, inside = [], False
    for line in text.splitlines():
        if line.startswith("Commands:"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            m = re.match(r"^  (\S+)\s+(.*)$", line)
            if m:
                commands.append((m.group(1), m.group(2)))
    return commands


def parse_cli_command_help(text):
    """(usage, description paragraphs, [(flag, value, help)]) of `manifoldlab-cli CMD --help`."""
    usage, paragraphs, options, section = "", [], [], "head"
    for line in text.splitlines():
        if section == "head" and line.startswith("usage: "):
            usage = line[len("usage: ") :]
            section = "description"
        elif line.strip() == "options:":
            section = "options"
        elif section == "description" and line.strip():
            paragraphs.append(line.strip())
        elif section == "options":
            m = re.match(r"^  (--?\S+)(?: (\S+))?(?:\s{2,}(\S.*))?$", line)
            if m:
                options.append([m.group(1), m.group(2) or "", m.group(3) or ""])
            elif line.strip() and options:
                options[-1][2] = (options[-1][2] + " " + line.strip()).strip()
    return usage, paragraphs, options


def option_entries(options):
    lines = []
    for name, value, help_text in options:
        lines += [".TP", f"\\fB{flag(name)}\\fR" + (f" \\fI{roff(value)}\\fR" if value else ""), roff(help_text)]
    return lines


def cli_page(cli):
    version = run([cli, "--version"]).split()[-1]
    commands = parse_cli_commands(run([cli, "--help"]))
    if not commands:
        sys.exit("make_man: found no commands in 'manifoldlab-cli --help'")
    lines = header("manifoldlab-cli", version, "train and use mixtures of tandem networks for inverse problems")
    lines += [".SH SYNOPSIS", "\\fBmanifoldlab\\-cli\\fR \\fIcommand\\fR [\\fIoptions\\fR]", ".br",
              "\\fBmanifoldlab\\-cli\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR", ".br",
              "\\fBmanifoldlab\\-cli\\fR \\fB\\-\\-version\\fR",
              ".SH DESCRIPTION",
              "The headless front end of ManifoldLab. A mixture of tandem networks learns an ill\\-posed inverse "
              "problem: a forward network f: x \\(-> y is trained and frozen, then k inverse networks g_m: y \\(-> x "
              "are trained through it, each repelled by the earlier ones, so that they find different branches of "
              "solutions. Every parameter's flag comes from one table; values not given come from the preset.",
              ".SH COMMANDS"]
    for name, summary in commands:
        lines += [".TP", f"\\fB{flag(name)}\\fR", roff(summary)]
    for name, _ in commands:
        usage, paragraphs, options = parse_cli_command_help(run([cli, name, "--help"]))
        lines += [f".SH {flag(name.upper())}", f"\\fB{flag(usage)}\\fR"]
        for p in paragraphs:
            lines += [".PP", roff(p)]
        if options:
            lines += [".SS Options"] + option_entries(options)
    lines += [".SH EXIT STATUS", "0 on success, 1 when a run fails, 2 for a usage error (a one\\-line message on "
              "standard error); interrupted (Ctrl+C), train, sweep and compare save what is finished and exit 130.",
              ".SH ENVIRONMENT",
              ".TP", "\\fBMANIFOLDLAB_DATA_DIR\\fR",
              "Where slow simulators' training rows are cached (default \\fI$XDG_CACHE_HOME/manifoldlab\\fR, "
              "else \\fI~/.cache/manifoldlab\\fR).",
              ".SH SEE ALSO", "\\fBmanifoldlab\\fR(1)"]
    return "\n".join(lines) + "\n"


def gui_page(gui):
    text = run([gui, "--help"])
    version = run([gui, "--version"]).split()[-1]
    options, arguments, section, description = [], [], None, ""
    for line in text.splitlines():
        if line.startswith("Usage:"):
            continue
        if line in ("Options:", "Arguments:"):
            section = line
            continue
        if section is None and line.strip():
            description = line.strip()
            continue
        target = options if section == "Options:" else arguments
        m = re.match(r"^  (\S.*?)\s{2,}(\S.*)$", line)
        if m:
            target.append([m.group(1), m.group(2)])
        elif line.strip() and target:
            target[-1][1] += " " + line.strip()
    lines = header("manifoldlab", version, "desktop app for ill-posed inverse problems with a mixture of tandem networks")
    lines += [".SH SYNOPSIS", "\\fBmanifoldlab\\fR [\\fIoptions\\fR] [\\fIsession\\fR]", ".SH DESCRIPTION",
              roff(description),
              ".PP",
              "The window shows live loss curves, the inverse networks' proposals over the simulator's heatmap "
              "(the solution manifolds), the problem's own view (robot\\-arm poses, ballistic flights, the shell's "
              "spectra) and the results; sliders set k, the repulsion strength and its length scale, some of them "
              "while training. Help \\(-> Guided tour walks a class through its short scenes.",
              ".SH OPTIONS"]
    for name, help_text in options:
        name = re.sub(r"<(\S+?)>", lambda m: "\\fI" + m.group(1) + "\\fB", name)
        lines += [".TP", "\\fB" + name.replace("-", "\\-") + "\\fR", roff(help_text)]
    if arguments:
        lines += [".SH ARGUMENTS"]
        for name, help_text in arguments:
            lines += [".TP", f"\\fI{roff(name)}\\fR", roff(help_text)]
    lines += [".SH FILES",
              ".TP", "\\fI/usr/share/manifoldlab/tour/\\fR",
              "The guided tour's scenes (JSON), read from \\fI../share/manifoldlab/tour\\fR beside the program.",
              ".TP", "\\fI~/.local/share/ManifoldLab/ManifoldLab/tour/\\fR",
              "Your own scenes; a file of the same name replaces a built\\-in scene.",
              ".SH ENVIRONMENT",
              ".TP", "\\fBQT_QPA_PLATFORM\\fR",
              "Qt's platform plugin; \\fBoffscreen\\fR draws without a display.",
              ".TP", "\\fBMANIFOLDLAB_DATA_DIR\\fR",
              "Where slow simulators' training rows are cached (default \\fI$XDG_CACHE_HOME/manifoldlab\\fR, "
              "else \\fI~/.cache/manifoldlab\\fR).",
              ".SH SEE ALSO", "\\fBmanifoldlab\\-cli\\fR(1)"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description="Write the man pages from the programs' --help.")
    parser.add_argument("--cli", required=True, help="the built manifoldlab-cli")
    parser.add_argument("--gui", help="the built manifoldlab (its page is skipped without it)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", help="folder to write manifoldlab-cli.1 and manifoldlab.1 into")
    where.add_argument("--check", help="folder of the committed pages: exit 1 if they differ")
    args = parser.parse_args()
    pages = {"manifoldlab-cli.1": cli_page(args.cli)}
    if args.gui:
        pages["manifoldlab.1"] = gui_page(args.gui)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, text in pages.items():
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(text)
        return 0
    stale = 0
    for name, text in pages.items():
        path = os.path.join(args.check, name)
        try:
            with open(path, encoding="utf-8") as f:
                old = f.read()
        except OSError as e:
            old = ""
            print(f"make_man: cannot read {path}: {e.strerror}")
        if old != text:
            stale += 1
            diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), path, "--help", lineterm="", n=1))
            print("\n".join(diff[:40]) + ("\n..." if len(diff) > 40 else ""))
    if stale:
        print(f"make_man: {stale} man page(s) differ from the programs' --help; refresh them with\n  {REFRESH}")
        return 1
    print("make_man: the man pages match --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())
