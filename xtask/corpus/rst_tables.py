#!/usr/bin/env python3
"""Every table of reStructuredText API pages, as JSON, read by docutils alone.

    python3 xtask/corpus/rst_tables.py FILE.rst ... > tables.json
    python3 xtask/corpus/rst_tables.py --self-test

For each file: every table (grid, simple and list tables), with its caption (the ``.. table::``
title, else the text of the paragraph or bullet just before it), the chain of section titles it
stands in, its header cells, the source line docutils gives, and each row's name (its
Parameter/Name column, else its first column) and, when the header has such columns, its Type and
Mandatory cells. `cargo xtask corpus --rst` checks the reader's drafts against this: it is the
pages' own structure, counted without the reader (this script neither imports nor calls it).

The sources are Sphinx pages. Plain docutils knows `.. table::`, `.. note::`, `.. caution::`,
`.. code::` and `:literal:`, but not Sphinx's `.. code-block::` or `:ref:`; they (and a few other
Sphinx directives and roles) are registered here as plain-text stand-ins, so every file parses with
no error. Any message of level ERROR or above that docutils still raises is listed under the
file's `errors`, and the script exits 1 when there is one.

Output: `{"docutils": VERSION, "files": [{"file", "stem", "errors", "tables": [{"caption",
"titled" (whether the caption is the table's own title), "sections", "line", "header",
"name_column", "type_column", "mandatory_column", "rows": [{"name", "type", "mandatory",
"line"}]}]}]}`; a column index is null when the header has
no such column (a null `name_column`: a table of status codes, say, not of items), and a row's
cells are then null too.
"""

import io
import json
import re
import sys
from pathlib import Path

try:
    import docutils
    import docutils.core
    import docutils.nodes as nodes
    from docutils.parsers.rst import Directive, directives, roles
except ImportError:  # pragma: no cover - said plainly, for CI logs
    sys.stderr.write("error: docutils is not installed: pip install docutils==0.19\n")
    sys.exit(2)

# Header words, lower case, as the pages spell them.
NAME_HEADERS = ("parameter", "parameters", "name", "field", "attribute", "property")
TYPE_HEADERS = ("type", "data type", "parameter type")
MANDATORY_HEADERS = ("mandatory", "required", "mandatory or not", "is mandatory")

SETTINGS = {
    "report_level": 5,  # say nothing on stderr: the messages are collected from the tree
    "halt_level": 5,
    "warning_stream": io.StringIO(),
    "doctitle_xform": False,  # keep the page title as the outermost section
    "docinfo_xform": False,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "line_length_limit": 1_000_000,  # grid tables have very long lines
    "input_encoding": "utf-8",
}


def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A Sphinx cross-reference role (`:ref:`Title <label>``) read as its title text."""
    shown = re.sub(r"\s*<[^<>]*>\s*$", "", text) or text
    return [nodes.Text(shown)], []


class LiteralDirective(Directive):
    """A Sphinx code directive (`.. code-block:: json`): its content as a literal block."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "linenos": directives.flag,
        "emphasize-lines": directives.unchanged,
        "caption": directives.unchanged,
        "name": directives.unchanged,
        "dedent": directives.unchanged,
        "force": directives.flag,
        "lineno-start": directives.unchanged,
        "language": directives.unchanged,
        "class": directives.unchanged,
    }
    has_content = True

    def run(self):
        text = "\n".join(self.content)
        node = nodes.literal_block(text, text)
        node.line = self.lineno
        return [node]


class IgnoredDirective(Directive):
    """A Sphinx directive with nothing a table needs (`.. toctree::`, `.. index::`): dropped."""

    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None
    has_content = True

    def run(self):
        return []


class ContainerDirective(Directive):
    """A Sphinx directive whose content is page text (`.. only::`, `.. versionadded::`)."""

    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None
    has_content = True

    def run(self):
        node = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def register_sphinx_names():
    """Register the Sphinx roles and directives the sources use (and a few more), once."""
    for name in ("ref", "doc", "term", "numref", "download", "abbr", "menuselection", "guilabel", "file", "command", "option", "envvar", "kbd", "samp", "program", "keyword", "dfn"):
        roles.register_local_role(name, text_role)
    for name in ("code-block", "sourcecode"):
        directives.register_directive(name, LiteralDirective)
    for name in ("toctree", "index", "highlight", "meta", "tabularcolumns", "literalinclude", "include", "raw"):
        directives.register_directive(name, IgnoredDirective)
    for name in ("only", "versionadded", "versionchanged", "deprecated", "seealso", "centered", "hlist", "rst-class"):
        directives.register_directive(name, ContainerDirective)


def one_line(text):
    """Whitespace collapsed."""
    return " ".join(text.split())


def title_of(section):
    """A section's title text."""
    for child in section.children:
        if isinstance(child, nodes.title):
            return one_line(child.astext())
    return ""


def caption_of(table):
    """The table's title, else the text just before it: the first earlier sibling that is not a
    target, comment, message or admonition (`.. note::`), when it is a paragraph (or a list, whose
    last item's last paragraph is taken); when the table opens its list item, block quote or
    container, the same is asked of that, never out of the section."""
    for child in table.children:
        if isinstance(child, nodes.title):
            return one_line(child.astext())
    skipped = (nodes.target, nodes.system_message, nodes.comment, nodes.Admonition)
    node = table
    while node.parent is not None:
        parent = node.parent
        before = [c for c in parent.children[: parent.index(node)] if not isinstance(c, skipped)]
        if before:
            last = before[-1]
            if isinstance(last, nodes.paragraph):
                return one_line(last.astext())
            if isinstance(last, (nodes.bullet_list, nodes.enumerated_list)) and last.children:
                paragraphs = [c for c in last.children[-1].children if isinstance(c, nodes.paragraph)]
                if paragraphs:
                    return one_line(paragraphs[-1].astext())
            return ""
        if not isinstance(parent, (nodes.list_item, nodes.block_quote, nodes.container, nodes.definition, nodes.entry)):
            return ""
        node = parent
    return ""


def sections_of(node):
    """The titles of the sections `node` stands in, outermost first."""
    chain = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            chain.append(title_of(parent))
        parent = parent.parent
    return list(reversed(chain))


def line_of(node):
    """The 1-based source line docutils gives `node` or its first descendant that has one."""
    for n in node.findall() if hasattr(node, "findall") else node.traverse():
        if getattr(n, "line", None):
            return n.line
    return None


def grid(rows):
    """Each row's cells placed in columns, spans taken into account: a list of
    {column: (entry, line)} per row, entries spanning columns repeated under each."""
    placed = []
    pending = {}  # column -> rows still covered by an entry from above
    for row in rows:
        cells = {}
        column = 0
        for entry in [c for c in row.children if isinstance(c, nodes.entry)]:
            while pending.get(column, 0) > 0:
                column += 1
            span = int(entry.get("morecols", 0)) + 1
            down = int(entry.get("morerows", 0))
            for c in range(column, column + span):
                cells[c] = entry
                if down:
                    pending[c] = down + 1
            column += span
        for c in list(pending):
            pending[c] -= 1
            if pending[c] <= 0:
                del pending[c]
        placed.append(cells)
    return placed


def cell_text(entry):
    """The text of a cell, whitespace collapsed; its first paragraph only for a name."""
    return one_line(entry.astext()) if entry is not None else ""


def first_paragraph(entry):
    """A cell's first paragraph (or its whole text when it has none)."""
    if entry is None:
        return ""
    for n in entry.findall(nodes.paragraph) if hasattr(entry, "findall") else entry.traverse(nodes.paragraph):
        return one_line(n.astext())
    return one_line(entry.astext())


def column(header, words):
    """The index of the first header cell that is one of `words` (case and markup ignored)."""
    for i, h in enumerate(header):
        if h.lower().strip(" *:") in words:
            return i
    return None


def read_table(table):
    """One table as a dict."""
    groups = [g for g in table.children if isinstance(g, nodes.tgroup)]
    if not groups:
        return None
    group = groups[0]
    thead = [c for c in group.children if isinstance(c, nodes.thead)]
    tbody = [c for c in group.children if isinstance(c, nodes.tbody)]
    head_rows = [r for t in thead for r in t.children if isinstance(r, nodes.row)]
    body_rows = [r for t in tbody for r in t.children if isinstance(r, nodes.row)]
    header_grid = grid(head_rows)
    header = []
    if header_grid:
        last = header_grid[-1]
        header = [cell_text(last.get(i)) for i in range(max(last) + 1)] if last else []
    # Null when the first column is not a name (`Status Code`): such a table lists no items.
    name_column = column(header, NAME_HEADERS)
    type_column = column(header, TYPE_HEADERS)
    mandatory_column = column(header, MANDATORY_HEADERS)
    rows = []
    for row, cells in zip(body_rows, grid(body_rows)):
        name_entry = cells.get(name_column if name_column is not None else 0)
        rows.append(
            {
                "name": first_paragraph(name_entry),
                "type": cell_text(cells.get(type_column)) if type_column is not None else None,
                "mandatory": cell_text(cells.get(mandatory_column)) if mandatory_column is not None else None,
                "line": line_of(row),
            }
        )
    return {
        "caption": caption_of(table),
        "titled": any(isinstance(c, nodes.title) for c in table.children),
        "sections": sections_of(table),
        "line": table.line or line_of(table),
        "header": header,
        "name_column": name_column,
        "type_column": type_column,
        "mandatory_column": mandatory_column,
        "rows": rows,
    }


def read_source(text, source_path):
    """Every table of one RST text, and the errors docutils raised."""
    doctree = docutils.core.publish_doctree(text, source_path=source_path, settings_overrides=dict(SETTINGS, warning_stream=io.StringIO()))
    find = doctree.findall if hasattr(doctree, "findall") else doctree.traverse
    errors = [
        {"line": m.get("line"), "message": one_line(m.astext())[:300]}
        for m in find(nodes.system_message)
        if m.get("level", 0) >= 3
    ]
    tables = [t for t in (read_table(node) for node in find(nodes.table)) if t is not None]
    return tables, errors


def read_file(path):
    """One file's record; a file that cannot be read is an error, named, not a crash."""
    record = {"file": str(path), "stem": Path(path).stem, "errors": [], "tables": []}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        record["errors"].append({"line": None, "message": f"cannot read the file: {e}"})
        return record
    try:
        record["tables"], record["errors"] = read_source(text, str(path))
    except Exception as e:  # docutils raises on severe problems: report it against the file
        record["errors"].append({"line": None, "message": f"docutils failed: {type(e).__name__}: {e}"})
    return record


# A small page written for this test alone: a captioned grid table under a section, an
# uncaptioned simple table after a bullet, a Sphinx role, a code block and a note.
SELF_TEST = """\
Making a Widget
===============

URI
---

-  Path values

   ======== ========= =============
   Name     Required  Description
   ======== ========= =============
   owner_id Yes       Who owns it.
   ======== ========= =============

Request
-------

.. note::

   Widgets are made slowly.

.. _widget_body:

.. table:: **Table 2** Widget fields

   +--------+-----------+---------+--------------------------------------------+
   | Field  | Mandatory | Type    | Description                                |
   +========+===========+=========+============================================+
   | size   | No        | Integer | How big, see :ref:`Sizes <widget_sizes>`.  |
   +--------+-----------+---------+--------------------------------------------+
   | colour | Yes       | String  | Its colour.                                |
   +--------+-----------+---------+--------------------------------------------+

Example Request
---------------

.. code-block:: text

   POST /widgets
"""


def self_test():
    """Check the reading on SELF_TEST; exit 1 with what differs."""
    register_sphinx_names()
    tables, errors = read_source(SELF_TEST, "self-test.rst")
    got = [(t["caption"], t["sections"], t["header"], [(r["name"], r["type"], r["mandatory"]) for r in t["rows"]]) for t in tables]
    want = [
        ("Path values", ["Making a Widget", "URI"], ["Name", "Required", "Description"], [("owner_id", None, "Yes")]),
        (
            "Table 2 Widget fields",
            ["Making a Widget", "Request"],
            ["Field", "Mandatory", "Type", "Description"],
            [("size", "Integer", "No"), ("colour", "String", "Yes")],
        ),
    ]
    problems = []
    if errors:
        problems.append(f"docutils errors: {errors}")
    if got != want:
        problems.append(f"read {got!r}, expected {want!r}")
    if any(r["line"] is None for t in tables for r in t["rows"]) or any(t["line"] is None for t in tables):
        problems.append("a table or row has no source line")
    if problems:
        for p in problems:
            print(f"self-test failed: {p}", file=sys.stderr)
        return 1
    print(f"self-test passed (docutils {docutils.__version__}): 2 tables, 3 rows")
    return 0


def main(argv):
    """Read each file given; print the JSON."""
    if argv == ["--self-test"]:
        return self_test()
    if not argv or any(a.startswith("-") for a in argv):
        print("usage: rst_tables.py FILE.rst ... | rst_tables.py --self-test", file=sys.stderr)
        return 2
    register_sphinx_names()
    files = [read_file(p) for p in argv]
    json.dump({"docutils": docutils.__version__, "files": files}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    failed = [f for f in files if f["errors"]]
    for f in failed:
        for e in f["errors"]:
            print(f"{f['file']}:{e['line'] or 0}: {e['message']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
