/** Checks of `tools` and `tool_choice` in the chat completions body (see check-chat-params.ts). */
import { absent, invalid, isObject } from "./request-checks";

export const MAX_TOOLS = 128;

const TOOL_NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_CHOICE_MODES = new Set(["none", "auto", "required"]);
const TOOL_CHOICE_TYPES = new Set(["function", "custom", "allowed_tools"]);

function checkToolName(name: unknown, param: string): void {
  if (typeof name !== "string" || !TOOL_NAME_RE.test(name)) {
    throw invalid(param, `'${param}' must be 1–64 characters of a-z, A-Z, 0-9, _ and -.`);
  }
}

/** `tools`: function tools (name, optional description, parameters object, strict) or custom. */
export function checkTools(tools: unknown): void {
  if (absent(tools)) return;
  if (!Array.isArray(tools)) throw invalid("tools", "'tools' must be an array of tool objects.");
  if (tools.length > MAX_TOOLS) {
    throw invalid("tools", `'tools' has more than ${MAX_TOOLS} entries.`);
  }
  for (let i = 0; i < tools.length; i++) {
    const tool: unknown = tools[i];
    const at = `tools[${i}]`;
    if (!isObject(tool)) throw invalid("tools", "'tools' must be an array of tool objects.");
    if (tool.type === "custom") {
      if (!isObject(tool.custom))
        throw invalid(`${at}.custom`, `'${at}.custom' must be an object.`);
      checkToolName(tool.custom.name, `${at}.custom.name`);
      continue;
    }
    if (tool.type !== "function") {
      throw invalid(`${at}.type`, `'${at}.type' must be 'function' or 'custom'.`);
    }
    const fn = tool.function;
    if (!isObject(fn)) throw invalid(`${at}.function`, `'${at}.function' must be an object.`);
    checkToolName(fn.name, `${at}.function.name`);
    if (!absent(fn.description) && typeof fn.description !== "string") {
      throw invalid(`${at}.function.description`, `'${at}.function.description' must be a string.`);
    }
    if (!absent(fn.parameters) && !isObject(fn.parameters)) {
      throw invalid(
        `${at}.function.parameters`,
        `'${at}.function.parameters' must be a JSON Schema object.`,
      );
    }
    if (!absent(fn.strict) && typeof fn.strict !== "boolean") {
      throw invalid(`${at}.function.strict`, `'${at}.function.strict' must be a boolean.`);
    }
  }
}

/** `tool_choice`: none | auto | required, or an object naming a function / custom tool / set. */
export function checkToolChoice(choice: unknown): void {
  if (absent(choice)) return;
  if (typeof choice === "string") {
    if (TOOL_CHOICE_MODES.has(choice)) return;
  } else if (isObject(choice) && typeof choice.type === "string") {
    if (choice.type === "function") {
      if (!isObject(choice.function)) {
        throw invalid("tool_choice.function", "'tool_choice.function' must name a function.");
      }
      return checkToolName(choice.function.name, "tool_choice.function.name");
    }
    if (choice.type === "custom") {
      if (!isObject(choice.custom)) {
        throw invalid("tool_choice.custom", "'tool_choice.custom' must name a tool.");
      }
      return checkToolName(choice.custom.name, "tool_choice.custom.name");
    }
    if (TOOL_CHOICE_TYPES.has(choice.type) && isObject(choice.allowed_tools)) return;
  }
  throw invalid(
    "tool_choice",
    "'tool_choice' must be none, auto, required or an object naming a function.",
  );
}
