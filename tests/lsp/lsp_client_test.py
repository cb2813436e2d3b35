#!/usr/bin/env python3
"""`rxrules lsp` driven as an editor drives it: a scripted client over the
server's stdin and stdout, on a copy of the shipped rule packs.

Diagnostics are those `rxrules check` prints for the same text (ranges in
UTF-16, on a line with characters outside the BMP); fixing the text clears
them; hover on a request path gives the type, unit and meaning its `field`
declaration states; completion after `labs.` lists the declared lab fields;
definition finds constants, lets and lists; shutdown and exit end with 0;
broken framing is answered or logged, never a crash or a hang.

Usage: lsp_client_test.py RXRULES SOURCE_DIR WORK_DIR
"""
import json
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import threading
import unittest
import urllib.parse

RXRULES, SOURCE, WORK = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
del sys.argv[1:4]
RULES = WORK / "rules"
PACK = RULES / "inotuzumab_ozogamicin"
EDITED = PACK / "dose-modification.rxr"
REQUEST_FIELDS = RULES / "common" / "request.rxr"
TIMEOUT = 30  # seconds for any one answer: a server that hangs fails, it does not stall ctest


def uri(path):
    return "file://" + urllib.parse.quote(str(path))


def path_of(file_uri):
    return pathlib.Path(urllib.parse.unquote(file_uri[len("file://"):]))


def utf16(text):
    """The length of `text` in UTF-16 code units, as LSP counts characters."""
    return len(text.encode("utf-16-le")) // 2


def frame(message):
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Client:
    """One server process; messages read on a thread so every wait has a timeout."""

    def __init__(self):
        self.process = subprocess.Popen([str(RXRULES), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.incoming = queue.Queue()
        self.stderr = []
        self.next_id = 0
        self.notifications = []
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr_reader = threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True)
        self.stderr_reader.start()

    def _read(self):
        out = self.process.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.incoming.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.incoming.put(json.loads(out.read(int(headers["content-length"]))))

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def notify(self, method, params=None):
        self.send_raw(frame({"jsonrpc": "2.0", "method": method, "params": params or {}}))

    def receive(self):
        message = self.incoming.get(timeout=TIMEOUT)
        if message is None:
            raise AssertionError("the server closed its output: " + b"".join(self.stderr).decode())
        return message

    def request(self, method, params=None):
        self.next_id += 1
        self.send_raw(frame({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}}))
        return self.answer(self.next_id)

    def answer(self, wanted):
        while True:
            message = self.receive()
            if "method" in message:
                self.notifications.append(message)
            elif message.get("id") == wanted:
                return message

    def diagnostics(self, path):
        """The next diagnostics published for `path` (those already received first)."""
        while True:
            for i, note in enumerate(self.notifications):
                if note["method"] == "textDocument/publishDiagnostics" and path_of(note["params"]["uri"]) == path:
                    del self.notifications[i]
                    return note["params"]["diagnostics"]
            message = self.receive()
            if "method" in message:
                self.notifications.append(message)

    def initialize(self):
        answer = self.request("initialize", {"processId": None, "rootUri": uri(RULES), "capabilities": {}})
        self.notify("initialized")
        return answer

    def open(self, path, text):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "rxrules",
                                                              "version": 1, "text": text}})

    def change(self, path, text, version=2):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": version},
                                               "contentChanges": [{"text": text}]})

    def at(self, method, path, line, character):
        return self.request(method, {"textDocument": {"uri": uri(path)},
                                     "position": {"line": line, "character": character}})

    def finish(self):
        """shutdown then exit: the exit status, with everything the server wrote to stderr read."""
        self.assert_answered(self.request("shutdown"))
        self.notify("exit")
        status = self.process.wait(timeout=TIMEOUT)
        self.stderr_reader.join(timeout=TIMEOUT)
        return status

    @staticmethod
    def assert_answered(answer):
        if "error" in answer:
            raise AssertionError(answer["error"])

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                pipe.close()
            except OSError:
                pass


def find(text, fragment):
    """(0-based line, the line) of the first line containing `fragment`."""
    for number, line in enumerate(text.splitlines()):
        if fragment in line:
            return number, line
    raise AssertionError(f"no line with {fragment!r}")


def declared_fields():
    """field PATH "meaning": TYPE UNIT, as rules/common/request.rxr declares them."""
    fields = {}
    for m in re.finditer(r'^field ([\w.\[\]]+)(?: "([^"]*)")?: (\w+)(?: (\S+))?', REQUEST_FIELDS.read_text(), re.M):
        fields[m.group(1)] = {"meaning": m.group(2), "type": m.group(3), "unit": m.group(4)}
    return fields


def check_diagnostics():
    """(file, 1-based line, 1-based column, message) of each error `rxrules check` prints for the pack."""
    run = subprocess.run([str(RXRULES), "check", str(PACK)], capture_output=True, text=True, timeout=TIMEOUT)
    found = re.findall(r"^(\S+?):(\d+):(\d+): error: (.*)$", run.stdout, re.M)
    return [(PACK / name, int(line), int(column), message) for name, line, column, message in found]


class LanguageServer(unittest.TestCase):
    def setUp(self):
        shutil.rmtree(RULES, ignore_errors=True)
        shutil.copytree(SOURCE / "rules", RULES)
        self.original = EDITED.read_text(encoding="utf-8")
        self.client = Client()
        self.addCleanup(self.client.close)

    def test_initialize_announces_what_the_server_does(self):
        capabilities = self.client.initialize()["result"]["capabilities"]
        self.assertEqual(capabilities["textDocumentSync"], {"openClose": True, "change": 1})
        self.assertTrue(capabilities["hoverProvider"])
        self.assertTrue(capabilities["definitionProvider"])
        self.assertIn(".", capabilities["completionProvider"]["triggerCharacters"])
        self.assertEqual(self.client.finish(), 0)

    def test_diagnostics_are_those_of_check_and_clear_when_fixed(self):
        self.client.initialize()
        self.client.open(EDITED, self.original)
        self.assertEqual(self.client.diagnostics(EDITED), [])

        # A misspelt path after characters outside the BMP: LSP counts them as two UTF-16 units.
        broken = self.original.replace('message "ANC {labs.anc}', 'message "\U0001F642 \u00e9 ANC {labs.ancc}', 1)
        self.assertNotEqual(broken, self.original)
        self.client.change(EDITED, broken)
        diagnostics = self.client.diagnostics(EDITED)
        line_number, line = find(broken, "{labs.ancc}")
        start = utf16(line[:line.index("labs.ancc")])
        self.assertEqual(len(diagnostics), 1, diagnostics)
        self.assertEqual(diagnostics[0]["range"], {"start": {"line": line_number, "character": start},
                                                   "end": {"line": line_number, "character": start + len("labs.ancc")}})
        self.assertEqual(diagnostics[0]["severity"], 1)

        # The same as `rxrules check` gives once the text is on disk.
        EDITED.write_text(broken, encoding="utf-8")
        [(file, check_line, check_column, check_message)] = check_diagnostics()
        self.assertEqual((file, check_line - 1), (EDITED, line_number))
        self.assertEqual(utf16(line[:check_column - 1]), start)
        self.assertEqual(diagnostics[0]["message"].splitlines()[0], check_message)
        EDITED.write_text(self.original, encoding="utf-8")

        self.client.change(EDITED, self.original, version=3)
        self.assertEqual(self.client.diagnostics(EDITED), [])
        self.assertEqual(self.client.finish(), 0)

    def test_diagnostics_of_an_unsaved_main_file(self):
        # A syntax error in the pack's main file, open unsaved: reported from the buffer, not from disk.
        self.client.initialize()
        pack_file = PACK / "pack.rxr"
        text = pack_file.read_text(encoding="utf-8")
        edited = text.replace("policy const QTCF_LIMIT = 500 ms", "policy const QTCF_LIMIT = = 500 ms", 1)
        self.assertNotEqual(edited, text)
        self.client.open(pack_file, edited)
        diagnostics = self.client.diagnostics(pack_file)
        self.assertEqual(pack_file.read_text(encoding="utf-8"), text)
        line_number, _ = find(edited, "QTCF_LIMIT = =")
        self.assertIn(line_number, [d["range"]["start"]["line"] for d in diagnostics])
        self.assertEqual(self.client.finish(), 0)

    def test_hover_on_request_paths_gives_type_unit_and_meaning(self):
        self.client.initialize()
        self.client.open(EDITED, self.original)
        fields = declared_fields()
        line_number, line = find(self.original, "labs.anc <")
        answer = self.client.at("textDocument/hover", EDITED, line_number, utf16(line[:line.index("labs.anc <") + 6]))
        shown = answer["result"]["contents"]["value"]
        anc = fields["labs.anc"]
        for expected in ("labs.anc", anc["type"], anc["unit"], anc["meaning"], "cell count"):
            self.assertIn(expected, shown)
        self.assertEqual(answer["result"]["range"]["start"], {"line": line_number, "character": line.index("labs.anc <")})

        # On the group itself: its members.
        answer = self.client.at("textDocument/hover", EDITED, line_number, line.index("labs.anc <") + 1)
        self.assertIn("labs", answer["result"]["contents"]["value"])
        self.assertIn("platelets", answer["result"]["contents"]["value"])

        # Inside a message placeholder after characters outside the BMP.
        probe = self.original + '\nlet probe = "\U0001F642\U0001F642\U0001F642 {labs.platelets}"\n'
        self.client.change(EDITED, probe)
        line_number, line = find(probe, "let probe")
        end = utf16(line[:line.index("platelets}") + len("platelets")])
        answer = self.client.at("textDocument/hover", EDITED, line_number, end - 1)
        self.assertIn(fields["labs.platelets"]["meaning"], answer["result"]["contents"]["value"])
        self.assertEqual(answer["result"]["range"]["end"], {"line": line_number, "character": end})
        self.assertEqual(self.client.finish(), 0)

    def test_hover_on_a_loop_variable_member_resolves_the_list(self):
        common = RULES / "common" / "pack.rxr"
        text = common.read_text(encoding="utf-8")
        self.client.initialize()
        self.client.open(common, text)
        line_number, line = find(text, "where m.drug in corticosteroids")
        answer = self.client.at("textDocument/hover", common, line_number, line.index("m.drug") + 3)
        self.assertIn("medications[].drug", answer["result"]["contents"]["value"])
        self.assertEqual(self.client.finish(), 0)

    def test_completion_after_a_group_lists_its_fields(self):
        self.client.initialize()
        self.client.open(EDITED, self.original)
        typing = self.original + "\nlet probe = labs."
        self.client.change(EDITED, typing)  # does not parse: completion works from the last version that did
        lines = typing.splitlines()
        answer = self.client.at("textDocument/completion", EDITED, len(lines) - 1, utf16(lines[-1]))
        labels = {item["label"] for item in answer["result"]}
        declared = {path.split(".", 1)[1] for path in declared_fields() if path.startswith("labs.")}
        self.assertGreater(len(declared), 5)
        self.assertLessEqual(declared, labels)
        self.assertNotIn("order", labels)
        anc = next(item for item in answer["result"] if item["label"] == "anc")
        self.assertIn(declared_fields()["labs.anc"]["unit"], anc["detail"])

        typing = self.original + "\nlet probe = labs.pla"
        self.client.change(EDITED, typing, version=3)
        lines = typing.splitlines()
        answer = self.client.at("textDocument/completion", EDITED, len(lines) - 1, utf16(lines[-1]))
        self.assertEqual({item["label"] for item in answer["result"]}, {"platelets"})
        self.assertEqual(self.client.finish(), 0)

    def test_completion_of_names_offers_constants_lists_lets_and_request_paths(self):
        self.client.initialize()
        self.client.open(EDITED, self.original)
        lines = (self.original + "\nlet probe = ").splitlines()
        self.client.change(EDITED, "\n".join(lines))
        answer = self.client.at("textDocument/completion", EDITED, len(lines) - 1, utf16(lines[-1]) + 1)
        labels = {item["label"]: item for item in answer["result"]}
        pack_text = "".join(p.read_text(encoding="utf-8") for p in sorted(PACK.glob("*.rxr")))
        constants = re.findall(r"^(?:policy )?const (\w+)", pack_text, re.M)
        lets = re.findall(r"^let (\w+)", self.original, re.M)
        self.assertTrue(constants and lets)
        for name in constants + lets + ["corticosteroids", "labs", "order", "patient"]:
            self.assertIn(name, labels)
        self.assertEqual(labels["ANC_RECOVERY"]["kind"], 21)  # Constant
        self.assertEqual(self.client.finish(), 0)

    def test_definition_of_constants_lets_and_lists(self):
        self.client.initialize()
        self.client.open(EDITED, self.original)
        # (name, the file declaring it, how its declaration starts): each used in the edited file.
        cases = [("REDUCED_DOSE_SHARE", PACK / "pack.rxr", "policy const"), ("ANC_RECOVERY", EDITED, "const"),
                 ("anc_before_treatment", EDITED, "let"), ("hepatic_criteria", EDITED, "let")]
        for name, declared_in, keyword in cases:
            with self.subTest(name=name):
                declared_line, declared = find(declared_in.read_text(encoding="utf-8"), f"{keyword} {name} =")
                use = next((n, l) for n, l in enumerate(self.original.splitlines())
                           if re.search(rf"\b{name}\b", l) and not l.startswith(f"{keyword} {name} ="))
                answer = self.client.at("textDocument/definition", EDITED, use[0], use[1].index(name) + 1)
                location = answer["result"]
                self.assertIsNotNone(location, name)
                self.assertEqual(path_of(location["uri"]), declared_in)
                self.assertEqual(location["range"]["start"], {"line": declared_line, "character": declared.index(name)})
                self.assertEqual(location["range"]["end"]["character"], declared.index(name) + len(name))

        # A list, declared in another folder's file.
        common = RULES / "common" / "pack.rxr"
        text = common.read_text(encoding="utf-8")
        self.client.open(common, text)
        line_number, line = find(text, "in corticosteroids")
        answer = self.client.at("textDocument/definition", common, line_number, line.index("corticosteroids") + 2)
        classes = RULES / "common" / "drug-classes.rxr"
        declared_line, declared = find(classes.read_text(encoding="utf-8"), "list corticosteroids")
        self.assertEqual(path_of(answer["result"]["uri"]), classes)
        self.assertEqual(answer["result"]["range"]["start"]["line"], declared_line)

        # A request path: its field declaration.
        line_number, line = find(self.original, "labs.anc <")
        answer = self.client.at("textDocument/definition", EDITED, line_number, line.index("labs.anc <") + 6)
        declared_line, _ = find(REQUEST_FIELDS.read_text(encoding="utf-8"), "field labs.anc ")
        self.assertEqual(path_of(answer["result"]["uri"]), REQUEST_FIELDS)
        self.assertEqual(answer["result"]["range"]["start"]["line"], declared_line)
        self.assertEqual(self.client.finish(), 0)

    def test_requests_before_initialize_and_unknown_methods_get_errors(self):
        self.assertEqual(self.client.request("textDocument/hover", {})["error"]["code"], -32002)
        self.client.initialize()
        self.assertEqual(self.client.request("workspace/frobnicate")["error"]["code"], -32601)
        self.assertEqual(self.client.request("textDocument/hover", {"textDocument": 3})["error"]["code"], -32602)
        self.assertEqual(self.client.finish(), 0)

    def test_exit_without_shutdown_is_status_1(self):
        self.client.initialize()
        self.client.notify("exit")
        self.assertEqual(self.client.process.wait(timeout=TIMEOUT), 1)


class BrokenFraming(unittest.TestCase):
    """Garbage on stdin: logged or answered, then the server goes on or ends; never a hang."""

    def setUp(self):
        self.client = Client()
        self.addCleanup(self.client.close)

    def test_garbage_is_logged_and_the_server_goes_on(self):
        self.client.send_raw(b"this is not a header\r\n\r\n")
        self.client.send_raw(b"Content-Length: twelve\r\n\r\n")
        self.client.send_raw(b"Content-Type: text/plain\r\n\r\n")  # no length
        self.client.send_raw(b"X-Long: " + b"y" * 100000 + b"\r\n\r\n")
        body = b"{not json"
        self.client.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        logged = [self.client.receive() for _ in range(4)]
        for message in logged:
            self.assertEqual(message["method"], "window/logMessage")
        self.assertIn("not a header", logged[0]["params"]["message"])
        self.assertIn("not a number", logged[1]["params"]["message"])
        self.assertIn("no Content-Length", logged[2]["params"]["message"])
        self.assertIn("longer than", logged[3]["params"]["message"])
        not_json = self.client.receive()
        self.assertEqual((not_json["id"], not_json["error"]["code"]), (None, -32700))
        self.client.send_raw(frame([1, 2]))
        self.assertEqual(self.client.receive()["error"]["code"], -32600)

        self.assertIn("capabilities", self.client.initialize()["result"])
        self.assertEqual(self.client.finish(), 0)
        self.assertIn(b"not a header", b"".join(self.client.stderr))

    def test_an_oversized_message_is_skipped_and_the_end_of_input_ends_the_server(self):
        self.client.send_raw(b"Content-Length: 999999999999\r\n\r\n{}")
        self.client.process.stdin.close()
        self.assertEqual(self.client.process.wait(timeout=TIMEOUT), 1)
        logged = self.client.receive()
        self.assertIn("larger than the limit", logged["params"]["message"])

    def test_a_message_cut_short_ends_the_server(self):
        self.client.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
        self.client.process.stdin.close()
        self.assertEqual(self.client.process.wait(timeout=TIMEOUT), 1)
        self.assertIn("input ended", self.client.receive()["params"]["message"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
