#include "cli/command_docs.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "cli/command_table.h"

namespace lakehouse {
namespace {

std::string PathOf(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    names.push_back(app->get_name());
  }
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) path += (path.empty() ? "" : " ") + *it;
  return path;
}

std::vector<const CLI::App*> Children(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_name().empty(); });
}

void Collect(const CLI::App& app, std::vector<CommandDoc>* out) {
  CommandDoc doc;
  doc.path = PathOf(&app);
  const CommandSpec* spec = FindCommand(doc.path);
  doc.summary = spec != nullptr ? spec->summary : app.get_description();
  for (const CLI::Option* opt : app.get_options([](const CLI::Option*) { return true; })) {
    if (opt == app.get_help_ptr() || opt == app.get_help_all_ptr()) continue;
    OptionDoc o;
    o.name = opt->get_name();
    o.type_name = opt->get_expected_min() == 0 ? "" : opt->get_type_name();
    o.help = opt->get_description();
    o.required = opt->get_required();
    if (spec != nullptr) {
      for (const FlagSpec& flag : spec->flags) {
        if (flag.name == o.name) {
          o.choices = flag.choices;
          if (flag.type == FlagType::kFile) o.completes = "file";
        }
      }
      for (const ArgSpec& arg : spec->args) {
        if (arg.name == o.name) o.completes = arg.completes;
      }
    }
    (opt->get_positional() ? doc.positionals : doc.options).push_back(std::move(o));
  }
  for (const CLI::App* sub : Children(app)) doc.subcommands.push_back(sub->get_name());
  if (spec != nullptr) {
    doc.synopsis = spec->synopsis;
    doc.example = spec->example;
    doc.routes = spec->routes;
  } else {
    doc.synopsis = "lakehouse " + doc.path;
    for (const OptionDoc& p : doc.positionals) doc.synopsis += " " + p.name;
    if (!doc.options.empty()) doc.synopsis += " [OPTIONS]";
  }
  if (app.get_parent() != nullptr) out->push_back(std::move(doc));
  for (const CLI::App* sub : Children(app)) Collect(*sub, out);
}

std::string OptionLabel(const OptionDoc& o) {
  std::string label = o.name;
  if (!o.choices.empty()) {
    std::string joined;
    for (const std::string& c : o.choices) joined += (joined.empty() ? "" : "|") + c;
    label += " " + joined;
  } else if (!o.type_name.empty()) {
    label += " " + o.type_name;
  }
  return label;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Words completed after `doc.path`: its subcommands and its flags.
std::string WordsAfter(const CommandDoc& doc) {
  std::vector<std::string> words = doc.subcommands;
  for (const OptionDoc& o : doc.options) words.push_back(o.name);
  return JoinWords(words);
}

std::vector<std::string> FileFlags(const std::vector<CommandDoc>& docs) {
  std::vector<std::string> flags;
  for (const CommandDoc& d : docs) {
    for (const OptionDoc& o : d.options) {
      if (o.completes == "file" || o.type_name == "FILE") flags.push_back(o.name);
    }
  }
  std::sort(flags.begin(), flags.end());
  flags.erase(std::unique(flags.begin(), flags.end()), flags.end());
  return flags;
}

std::string ShellQuoteSingle(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RoffEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

class GeneratedHelp : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
    const CLI::App* root = app;
    while (root->get_parent() != nullptr) root = root->get_parent();
    const std::vector<CommandDoc> docs = CollectCommandDocs(*root);
    if (app == root) return TopLevelHelp(docs);
    const std::string path = PathOf(app);
    for (const CommandDoc& doc : docs) {
      if (doc.path == path) return HelpText(doc);
    }
    return CLI::Formatter::make_help(app, app->get_name(), CLI::AppFormatMode::Normal);
  }
};

}  // namespace

const std::vector<ExitCodeDoc>& ExitCodes() {
  static const std::vector<ExitCodeDoc> codes = {
      {0, "success"},
      {1,
       "the server refused the request or the operation failed (its message is printed); a "
       "failed or cancelled job; keys that matched no row; a failed statement in a script"},
      {2, "usage error: unknown command or flag, a bad value, a missing argument"},
      {3, "cannot connect to the server (--server, $LAKEHOUSE_SERVER)"},
  };
  return codes;
}

std::vector<CommandDoc> CollectCommandDocs(const CLI::App& root) {
  std::vector<CommandDoc> docs;
  Collect(root, &docs);
  return docs;
}

std::string HelpText(const CommandDoc& doc) {
  std::ostringstream out;
  out << "Usage: " << doc.synopsis << "\n\n" << doc.summary << "\n";
  if (!doc.subcommands.empty()) out << "\nSubcommands: " << JoinWords(doc.subcommands) << "\n";
  auto section = [&](const char* title, const std::vector<OptionDoc>& options) {
    if (options.empty()) return;
    out << "\n" << title << ":\n";
    size_t width = 0;
    for (const OptionDoc& o : options) width = std::max(width, OptionLabel(o).size());
    for (const OptionDoc& o : options) {
      const std::string label = OptionLabel(o);
      out << "  " << label << std::string(width - label.size() + 2, ' ') << o.help
          << (o.required ? " (required)" : "") << "\n";
    }
  };
  section("Arguments", doc.positionals);
  section("Flags", doc.options);
  if (!doc.example.empty()) out << "\nExample:\n  " << doc.example << "\n";
  if (!doc.routes.empty())
    out << "\nCalls: " << fmt::format("{}", fmt::join(doc.routes, ", ")) << "\n";
  return out.str();
}

std::string TopLevelHelp(const std::vector<CommandDoc>& docs) {
  std::ostringstream out;
  out << "Lakehouse: an AI lakehouse server (SQL over Parquet datasets, vector search)\n\n"
      << "Usage: lakehouse COMMAND [ARGS] [--server URL] [--api-key KEY]\n"
      << "       lakehouse COMMAND --help    (synopsis, flags and an example)\n\nCommands:\n";
  size_t width = 0;
  for (const CommandDoc& d : docs) width = std::max(width, d.path.size());
  for (const CommandDoc& d : docs) {
    out << "  " << d.path << std::string(width - d.path.size() + 2, ' ') << d.summary << "\n";
  }
  out << "\nGlobal flags: --version, --help\n\nExit codes:\n";
  for (const ExitCodeDoc& e : ExitCodes()) out << "  " << e.code << "  " << e.meaning << "\n";
  return out.str();
}

std::string BashCompletion(const std::vector<CommandDoc>& docs) {
  std::ostringstream out;
  out << "# bash completion for lakehouse (generated by `lakehouse completion bash`)\n"
      << "_lakehouse() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path='' i w\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    w=${COMP_WORDS[i]}\n"
      << "    [[ $w == -* ]] && continue\n"
      << "    case \"${path:+$path }$w\" in\n";
  std::string paths;
  for (const CommandDoc& d : docs) paths += (paths.empty() ? "" : "|") + ShellQuoteSingle(d.path);
  out << "      " << paths << ") path=\"${path:+$path }$w\" ;;\n"
      << "    esac\n  done\n"
      << "  case \"$prev\" in\n";
  const std::vector<std::string> file_flags = FileFlags(docs);
  if (!file_flags.empty()) {
    out << "    " << fmt::format("{}", fmt::join(file_flags, "|"))
        << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
  }
  out << "  esac\n  local words\n  case \"$path\" in\n";
  std::vector<std::string> top;
  for (const CommandDoc& d : docs) {
    if (d.path.find(' ') == std::string::npos) top.push_back(d.path);
  }
  top.push_back("--help");
  top.push_back("--version");
  out << "    '') words=" << ShellQuoteSingle(JoinWords(top)) << " ;;\n";
  for (const CommandDoc& d : docs) {
    out << "    " << ShellQuoteSingle(d.path)
        << ") words=" << ShellQuoteSingle(WordsAfter(d) + " --help") << " ;;\n";
  }
  out << "  esac\n"
      << "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      << "}\n"
      << "complete -F _lakehouse lakehouse\n";
  return out.str();
}

std::string ZshCompletion(const std::vector<CommandDoc>& docs) {
  std::ostringstream out;
  out << "#compdef lakehouse\n# zsh completion for lakehouse (generated by `lakehouse "
         "completion zsh`)\n"
      << "_lakehouse() {\n"
      << "  local cmdpath='' w i\n"
      << "  local -a items\n"
      << "  for ((i = 2; i < CURRENT; i++)); do\n"
      << "    w=${words[i]}\n"
      << "    [[ $w == -* ]] && continue\n"
      << "    case \"${cmdpath:+$cmdpath }$w\" in\n";
  std::string paths;
  for (const CommandDoc& d : docs) paths += (paths.empty() ? "" : "|") + ShellQuoteSingle(d.path);
  out << "      (" << paths << ") cmdpath=\"${cmdpath:+$cmdpath }$w\" ;;\n"
      << "    esac\n  done\n";
  const std::vector<std::string> file_flags = FileFlags(docs);
  if (!file_flags.empty()) {
    out << "  case \"${words[CURRENT-1]}\" in\n    ("
        << fmt::format("{}", fmt::join(file_flags, "|")) << ") _files; return ;;\n  esac\n";
  }
  auto item = [](const std::string& word, const std::string& help) {
    std::string escaped;
    for (char c : word) escaped += c == ':' ? std::string("\\:") : std::string(1, c);
    return ShellQuoteSingle(escaped + ":" + help);
  };
  out << "  case \"$cmdpath\" in\n    ('') items=(";
  for (const CommandDoc& d : docs) {
    if (d.path.find(' ') == std::string::npos) out << " " << item(d.path, d.summary);
  }
  out << ") ;;\n";
  for (const CommandDoc& d : docs) {
    out << "    (" << ShellQuoteSingle(d.path) << ") items=(";
    for (const std::string& sub : d.subcommands) {
      const std::string child = d.path + " " + sub;
      std::string summary;
      for (const CommandDoc& c : docs) {
        if (c.path == child) summary = c.summary;
      }
      out << " " << item(sub, summary);
    }
    for (const OptionDoc& o : d.options) out << " " << item(o.name, o.help);
    out << ") ;;\n";
  }
  out << "  esac\n  _describe 'lakehouse' items\n}\n_lakehouse \"$@\"\n";
  return out.str();
}

std::string FishCompletion(const std::vector<CommandDoc>& docs) {
  std::ostringstream out;
  out << "# fish completion for lakehouse (generated by `lakehouse completion fish`)\n"
      << "set -g __lakehouse_paths";
  for (const CommandDoc& d : docs) out << " " << ShellQuoteSingle(d.path);
  out << "\nfunction __lakehouse_path\n"
      << "    set -l words (commandline -opc)\n"
      << "    set -e words[1]\n"
      << "    set -l p ''\n"
      << "    for w in $words\n"
      << "        string match -q -- '-*' $w; and continue\n"
      << "        set -l candidate (string trim -- \"$p $w\")\n"
      << "        contains -- $candidate $__lakehouse_paths; and set p $candidate\n"
      << "    end\n"
      << "    echo $p\n"
      << "end\n"
      << "function __lakehouse_at\n"
      << "    set -l p (__lakehouse_path)\n"
      << "    test \"$p\" = \"$argv\"\n"
      << "end\n"
      << "complete -c lakehouse -f\n";
  for (const CommandDoc& d : docs) {
    const size_t space = d.path.rfind(' ');
    const std::string parent = space == std::string::npos ? "" : d.path.substr(0, space);
    const std::string word = space == std::string::npos ? d.path : d.path.substr(space + 1);
    out << "complete -c lakehouse -n " << ShellQuoteSingle(Trimmed("__lakehouse_at " + parent))
        << " -a " << ShellQuoteSingle(word) << " -d " << ShellQuoteSingle(d.summary) << "\n";
    for (const OptionDoc& o : d.options) {
      std::string line = "complete -c lakehouse -n " +
                         ShellQuoteSingle("__lakehouse_at " + d.path) + " -l " + o.name.substr(2);
      if (!o.type_name.empty())
        line += o.completes == "file" || o.type_name == "FILE" ? " -r -F" : " -r";
      if (!o.choices.empty()) line += " -a " + ShellQuoteSingle(JoinWords(o.choices));
      out << line << " -d " << ShellQuoteSingle(o.help) << "\n";
    }
  }
  return out.str();
}

std::string ManPage(const std::vector<CommandDoc>& docs, const std::string& version) {
  std::ostringstream out;
  out << ".TH LAKEHOUSE 1 \"\" \"lakehouse " << RoffEscape(version) << "\" \"User Commands\"\n"
      << ".SH NAME\nlakehouse \\- AI lakehouse server and its command-line client\n"
      << ".SH SYNOPSIS\n.B lakehouse\n.I COMMAND\n[\\fIARGS\\fR] [\\fB\\-\\-server\\fR "
         "\\fIURL\\fR] [\\fB\\-\\-api\\-key\\fR \\fIKEY\\fR]\n"
      << ".SH DESCRIPTION\n\\fBlakehouse serve\\fR runs the server; every other command is an "
         "HTTP client of a running server. Commands print tables or text, or the server's JSON "
         "with \\fB\\-\\-json\\fR.\n"
      << ".SH COMMANDS\n";
  for (const CommandDoc& d : docs) {
    out << ".SS " << RoffEscape(d.path) << "\n"
        << RoffEscape(d.summary) << "\n.PP\n"
        << ".B " << RoffEscape(d.synopsis) << "\n";
    for (const OptionDoc& o : d.positionals) {
      out << ".TP\n.I " << RoffEscape(o.name) << "\n" << RoffEscape(o.help) << "\n";
    }
    for (const OptionDoc& o : d.options) {
      out << ".TP\n.B " << RoffEscape(OptionLabel(o)) << "\n"
          << RoffEscape(o.help) << (o.required ? " (required)" : "") << "\n";
    }
    if (!d.example.empty()) out << ".PP\nExample:\n.nf\n" << RoffEscape(d.example) << "\n.fi\n";
    if (!d.routes.empty()) {
      out << ".PP\nCalls " << RoffEscape(fmt::format("{}", fmt::join(d.routes, ", "))) << ".\n";
    }
  }
  out << ".SH ENVIRONMENT\n.TP\n.B LAKEHOUSE_SERVER\nDefault for \\fB\\-\\-server\\fR "
         "(http://127.0.0.1:3100).\n.TP\n.B LAKEHOUSE_API_KEY\nDefault for "
         "\\fB\\-\\-api\\-key\\fR.\n.TP\n.B PAGER\nPager of the SQL shell (default "
         "\\fBless \\-S\\fR).\n"
      << ".SH FILES\n.TP\n.I ~/.lakehouse_history\nHistory of the SQL shell.\n"
      << ".SH EXIT STATUS\n";
  for (const ExitCodeDoc& e : ExitCodes()) {
    out << ".TP\n.B " << e.code << "\n" << RoffEscape(e.meaning) << "\n";
  }
  return out.str();
}

void UseGeneratedHelp(CLI::App* root) {
  auto formatter = std::make_shared<GeneratedHelp>();
  std::vector<CLI::App*> pending = {root};
  while (!pending.empty()) {
    CLI::App* app = pending.back();
    pending.pop_back();
    app->formatter(formatter);
    for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) {
      pending.push_back(sub);
    }
  }
}

}  // namespace lakehouse
