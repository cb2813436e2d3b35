// Starts `rxrules lsp` for .rxr files; the grammar comes from package.json.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("rxrules").get("path", "rxrules");
  client = new LanguageClient(
    "rxrules",
    "rxrules",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "rxrules" }] }
  );
  context.subscriptions.push({ dispose: () => client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
