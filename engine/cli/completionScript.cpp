#include "engine/cli/completionScript.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace logmill::engine {
namespace {

/// What a shell should offer for an option's value or a command's arguments.
enum class ValueKind { None, Any, File, Dir, Choice };

struct OptionSpec {
  std::vector<std::string> names;  // "-j", "--jobs"
  std::string help;
  ValueKind value = ValueKind::None;
  std::string typeName;  // "UINT", "FILE": shown by zsh while a value is typed
  std::vector<std::string> choices;
  bool repeatable = false;
};

/// One (sub)command as the shells see it; `id` names it inside the scripts.
struct CommandSpec {
  std::string id;  // "logmill_merge_count"
  std::string name;
  std::string help;
  std::vector<OptionSpec> options;
  ValueKind arguments = ValueKind::None;
  std::vector<CommandSpec> subcommands;
};

// Names and choices are written into the scripts unquoted (case patterns,
// compgen word lists), so they must not carry shell syntax.
const std::string& checkedToken(const std::string& token) {
  const bool safe = !token.empty() && token.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-.,+") == std::string::npos;
  if (!safe) throw std::logic_error("completion: unsafe name or choice '" + token + "'");
  return token;
}

/// The set of an IsMember check, from CLI11's type text "TEXT:{a,b,c}".
std::vector<std::string> choicesOf(const std::string& typeName) {
  std::vector<std::string> choices;
  const std::size_t open = typeName.find(":{");
  const std::size_t close = typeName.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return choices;
  const std::string list = typeName.substr(open + 2, close - open - 2);
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    choices.push_back(checkedToken(list.substr(start, comma - start)));
    start = comma + 1;
  }
  return choices;
}

ValueKind kindOfValue(const std::string& baseType, bool hasChoices) {
  if (hasChoices) return ValueKind::Choice;
  if (baseType == "FILE" || baseType == "PATH") return ValueKind::File;
  if (baseType == "DIR") return ValueKind::Dir;
  return ValueKind::Any;
}

OptionSpec optionSpec(const CLI::Option& option) {
  OptionSpec spec;
  for (const std::string& s : option.get_snames()) spec.names.push_back("-" + checkedToken(s));
  for (const std::string& l : option.get_lnames()) spec.names.push_back("--" + checkedToken(l));
  spec.help = option.get_description();
  if (option.get_items_expected_max() > 0) {
    const std::string full = option.get_type_name();
    spec.typeName = full.substr(0, full.find(':'));
    spec.choices = choicesOf(full);
    spec.value = kindOfValue(spec.typeName, !spec.choices.empty());
  }
  spec.repeatable = option.get_items_expected_max() > 1;
  return spec;
}

CommandSpec commandSpec(const CLI::App& app, const std::string& parentId) {
  CommandSpec spec;
  spec.name = app.get_name();
  spec.id = parentId.empty() ? checkedToken(spec.name) : parentId + "_" + checkedToken(spec.name);
  spec.help = app.get_description();
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    if (option->nonpositional()) {
      spec.options.push_back(optionSpec(*option));
    } else {
      spec.arguments = kindOfValue(option->get_name(true), false);
    }
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!sub->get_group().empty()) spec.subcommands.push_back(commandSpec(*sub, spec.id));
  }
  return spec;
}

/// Calls `visit` on `command` and every subcommand under it, parents first.
void forEachCommand(const CommandSpec& command,
                    const std::function<void(const CommandSpec&)>& visit) {
  visit(command);
  for (const CommandSpec& sub : command.subcommands) forEachCommand(sub, visit);
}

std::string joined(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

/// `text` inside single quotes for bash and zsh.
std::string posixQuoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// `text` inside single quotes for fish (which escapes \ and ' there).
std::string fishQuoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

// ---- bash ------------------------------------------------------------------

constexpr const char* kBashHelpers =
    R"(_logmill_words() { mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur"); }
_logmill_paths() {
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
}
# $1: the command's options, $2: its subcommands, $3: files|dirs|none for its arguments
_logmill_complete() {
    if [[ $cur == -* ]]; then _logmill_words "$1"
    elif [[ -n $2 ]]; then _logmill_words "$2"
    elif [[ $3 == files ]]; then _logmill_paths -f
    elif [[ $3 == dirs ]]; then _logmill_paths -d
    fi
}
)";

std::string bashValueAction(const OptionSpec& option) {
  switch (option.value) {
    case ValueKind::Choice:
      return "_logmill_words '" + joined(option.choices, " ") + "'";
    case ValueKind::File:
      return "_logmill_paths -f";
    case ValueKind::Dir:
      return "_logmill_paths -d";
    default:
      return ":";  // a number or text: nothing to offer
  }
}

/// The loop that finds the (sub)command being completed, skipping option values.
std::string bashCommandWalk(const CommandSpec& root) {
  std::string s = "    local cmd=" + root.id + " skip=0 i\n" +
                  "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                  "        if ((skip)); then skip=0; continue; fi\n"
                  "        case \"$cmd ${COMP_WORDS[i]}\" in\n";
  forEachCommand(root, [&](const CommandSpec& c) {
    for (const CommandSpec& sub : c.subcommands) {
      s += "            '" + c.id + " " + sub.name + "') cmd=" + sub.id + " ;;\n";
    }
    std::vector<std::string> valued;
    for (const OptionSpec& o : c.options) {
      for (const std::string& n : o.names) {
        if (o.value != ValueKind::None) valued.push_back("'" + c.id + " " + n + "'");
      }
    }
    if (!valued.empty()) s += "            " + joined(valued, "|") + ") skip=1 ;;\n";
  });
  return s + "        esac\n    done\n";
}

std::string bashValues(const CommandSpec& root) {
  std::string s = "    if ((skip)); then\n        case \"$cmd $prev\" in\n";
  forEachCommand(root, [&](const CommandSpec& c) {
    for (const OptionSpec& o : c.options) {
      if (o.value == ValueKind::None) continue;
      std::vector<std::string> patterns;
      for (const std::string& n : o.names) patterns.push_back("'" + c.id + " " + n + "'");
      s += "            " + joined(patterns, "|") + ") " + bashValueAction(o) + " ;;\n";
    }
  });
  return s + "        esac\n        return\n    fi\n";
}

std::string bashScript(const CommandSpec& root) {
  std::string s =
      "# bash completion for logmill; generated by `logmill completions bash` from its\n"
      "# command-line definition.\n";
  s += kBashHelpers;
  s += "_logmill() {\n    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n";
  s += bashCommandWalk(root) + bashValues(root) + "    case $cmd in\n";
  forEachCommand(root, [&](const CommandSpec& c) {
    std::vector<std::string> options, subs;
    for (const OptionSpec& o : c.options)
      options.insert(options.end(), o.names.begin(), o.names.end());
    for (const CommandSpec& sub : c.subcommands) subs.push_back(sub.name);
    const char* args = c.arguments == ValueKind::File  ? "files"
                       : c.arguments == ValueKind::Dir ? "dirs"
                                                       : "none";
    s += "        " + c.id + ") _logmill_complete '" + joined(options, " ") + "' '" +
         joined(subs, " ") + "' " + args + " ;;\n";
  });
  return s + "    esac\n}\ncomplete -F _logmill " + root.name + "\n";
}

// ---- zsh -------------------------------------------------------------------

/// An _arguments description: brackets and backslashes escaped.
std::string zshDescription(const std::string& help) {
  std::string out;
  for (const char c : help) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string zshValueAction(const OptionSpec& option) {
  const std::string message = ":" + (option.typeName.empty() ? "value" : option.typeName) + ":";
  switch (option.value) {
    case ValueKind::None:
      return "";
    case ValueKind::Choice:
      return message + "(" + joined(option.choices, " ") + ")";
    case ValueKind::File:
      return message + "_files";
    case ValueKind::Dir:
      return message + "_files -/";
    default:
      return message + " ";
  }
}

std::string zshOptionSpec(const OptionSpec& o) {
  const std::string tail = posixQuoted("[" + zshDescription(o.help) + "]" + zshValueAction(o));
  const std::string star = o.repeatable ? "'*'" : "";
  if (o.names.size() == 1) return star + o.names[0] + tail;
  const std::string exclusion = o.repeatable ? "" : "'(" + joined(o.names, " ") + ")'";
  return star + exclusion + "{" + joined(o.names, ",") + "}" + tail;
}

std::string zshFunction(const CommandSpec& c) {
  std::string s = "_" + c.id + "() {\n";
  if (!c.subcommands.empty()) s += "    local curcontext=$curcontext state line\n";
  s += "    _arguments" + std::string(c.subcommands.empty() ? "" : " -C");
  for (const OptionSpec& o : c.options) s += " \\\n        " + zshOptionSpec(o);
  if (!c.subcommands.empty()) {
    s += " \\\n        '1:command:->command' \\\n        '*::argument:->argument'\n";
    s += "    case $state in\n        command)\n            local -a commands=(\n";
    for (const CommandSpec& sub : c.subcommands) {
      s += "                " + posixQuoted(sub.name + ":" + sub.help) + "\n";
    }
    s += "            )\n            _describe -t commands command commands ;;\n";
    s += "        argument)\n            case $line[1] in\n";
    for (const CommandSpec& sub : c.subcommands) {
      s += "                " + sub.name + ") _" + sub.id + " ;;\n";
    }
    s += "            esac ;;\n    esac\n";
  } else if (c.arguments == ValueKind::File) {
    s += " \\\n        '*:file:_files'\n";
  } else if (c.arguments == ValueKind::Dir) {
    s += " \\\n        ':directory:_files -/'\n";
  } else {
    s += "\n";
  }
  return s + "}\n";
}

std::string zshScript(const CommandSpec& root) {
  std::string s = "#compdef " + root.name +
                  "\n# zsh completion for logmill; generated by `logmill completions zsh` from "
                  "its\n# command-line definition.\n";
  forEachCommand(root, [&](const CommandSpec& c) { s += zshFunction(c); });
  // Autoloaded from fpath, this file is the body of _logmill; sourced, it registers it.
  s += "if [[ $funcstack[1] == _" + root.id + " ]]; then\n    _" + root.id +
       " \"$@\"\nelse\n    compdef _" + root.id + " " + root.name + "\nfi\n";
  return s;
}

// ---- fish ------------------------------------------------------------------

std::string fishCommandWalk(const CommandSpec& root) {
  std::string s =
      "# The (sub)command being completed, e.g. logmill_merge_count; skips option values.\n"
      "function __" +
      root.id + "_command\n    set -l cmd " + root.id +
      "\n    set -l skip 0\n    set -l words (commandline -opc)\n    set -e words[1]\n"
      "    for word in $words\n        if test $skip = 1\n            set skip 0\n"
      "            continue\n        end\n        switch \"$cmd $word\"\n";
  forEachCommand(root, [&](const CommandSpec& c) {
    for (const CommandSpec& sub : c.subcommands) {
      s += "            case '" + c.id + " " + sub.name + "'\n                set cmd " + sub.id +
           "\n";
    }
    std::vector<std::string> valued;
    for (const OptionSpec& o : c.options) {
      for (const std::string& n : o.names) {
        if (o.value != ValueKind::None) valued.push_back("'" + c.id + " " + n + "'");
      }
    }
    if (!valued.empty())
      s += "            case " + joined(valued, " ") + "\n                set skip 1\n";
  });
  s += "        end\n    end\n    echo $cmd\nend\n";
  s += "function __" + root.id + "_is\n    test (__" + root.id + "_command) = $argv[1]\nend\n";
  return s;
}

std::string fishOption(const std::string& rootName, const CommandSpec& c, const OptionSpec& o) {
  std::string s = "complete -c " + rootName + " -n '__" + rootName + "_is " + c.id + "'";
  for (const std::string& n : o.names)
    s += (n.size() == 2 ? " -s " : " -l ") + n.substr(n.size() == 2 ? 1 : 2);
  switch (o.value) {
    case ValueKind::None:
      break;
    case ValueKind::Choice:
      s += " -x -a " + fishQuoted(joined(o.choices, " "));
      break;
    case ValueKind::File:
      s += " -r -F";
      break;
    case ValueKind::Dir:
      s += " -x -a '(__fish_complete_directories)'";
      break;
    default:
      s += " -x";
      break;
  }
  return s + " -d " + fishQuoted(o.help) + "\n";
}

std::string fishScript(const CommandSpec& root) {
  std::string s =
      "# fish completion for logmill; generated by `logmill completions fish` from its\n"
      "# command-line definition.\n" +
      fishCommandWalk(root) + "complete -c " + root.name + " -f\n";
  forEachCommand(root, [&](const CommandSpec& c) {
    const std::string when = " -n '__" + root.id + "_is " + c.id + "'";
    for (const CommandSpec& sub : c.subcommands) {
      s += "complete -c " + root.name + when + " -a " + sub.name + " -d " + fishQuoted(sub.help) +
           "\n";
    }
    for (const OptionSpec& o : c.options) s += fishOption(root.name, c, o);
    if (c.arguments == ValueKind::File) s += "complete -c " + root.name + when + " -F\n";
    if (c.arguments == ValueKind::Dir) {
      s += "complete -c " + root.name + when + " -a '(__fish_complete_directories)'\n";
    }
  });
  return s;
}

}  // namespace

std::string completionScript(const CLI::App& app, std::string_view shell) {
  const CommandSpec root = commandSpec(app, "");
  if (shell == "bash") return bashScript(root);
  if (shell == "zsh") return zshScript(root);
  if (shell == "fish") return fishScript(root);
  throw std::invalid_argument("no completion script for shell '" + std::string(shell) +
                              "' (bash, zsh or fish)");
}

}  // namespace logmill::engine
