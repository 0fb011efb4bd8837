import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a2) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
import os3 from "os";

// node_modules/@actions/io/lib/io-util.js
import * as fs2 from "fs";
var { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;

// node_modules/@actions/exec/lib/toolrunner.js
var IS_WINDOWS2 = process.platform === "win32";

// node_modules/@actions/core/lib/platform.js
var platform = os3.platform();
var arch = os3.arch();

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os4.EOL);
}

// actions/lib/run-action.ts
async function runAction(main) {
  try {
    await main();
  } catch (error2) {
    setFailed(error2 instanceof Error ? error2.message : String(error2));
  }
}

// actions/lib/oci-reference.ts
var DOCKER_HUB_REGISTRY = "registry-1.docker.io";
var DOCKER_HUB_DOMAIN = "docker.io";
var DOCKER_HUB_ALIASES = /* @__PURE__ */ new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
var InvalidReferenceError = class extends Error {
  constructor(reference, reason) {
    super(`'${reference}' is not a valid image reference: ${reason}`);
    this.reference = reference;
    this.reason = reason;
    this.name = "InvalidReferenceError";
  }
  reference;
  reason;
};
var DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
var HOST_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?$`
);
var PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
var DIGEST_LENGTHS = { sha256: 64, sha512: 128 };
var MAX_NAME_LENGTH = 255;
function isValidTag(tag) {
  return TAG_PATTERN.test(tag);
}
function digestProblem(digest) {
  const at = digest.indexOf(":");
  const algorithm = digest.slice(0, at);
  const hex = digest.slice(at + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (at < 0 || length === void 0) return `digest '${digest}' must start with sha256: or sha512:`;
  if (!new RegExp(`^[0-9a-f]{${length}}$`).test(hex)) {
    return `digest '${digest}' must have ${length} lowercase hex characters after '${algorithm}:'`;
  }
  return void 0;
}
function parseReference(text) {
  const fail = (reason) => {
    throw new InvalidReferenceError(text, reason);
  };
  if (text === "" || text.trim() !== text) fail("expected host/path[:tag][@sha256:\u2026] without spaces");
  let rest = text;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) fail(problem);
  }
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) {
      fail(`tag '${tag}' must be 1\u2013128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`);
    }
  }
  const slash = rest.indexOf("/");
  const first = slash < 0 ? "" : rest.slice(0, slash);
  const hasHost = slash >= 0 && (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase());
  let domain = hasHost ? first : DOCKER_HUB_DOMAIN;
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  if (hasHost && !HOST_RE.test(domain)) fail(`'${domain}' is not a valid registry host[:port]`);
  let registry = domain;
  if (DOCKER_HUB_ALIASES.has(domain.toLowerCase())) {
    domain = DOCKER_HUB_DOMAIN;
    registry = DOCKER_HUB_REGISTRY;
    if (!repository.includes("/")) repository = `library/${repository}`;
  }
  if (repository === "") fail("the repository path is empty");
  for (const component of repository.split("/")) {
    if (!PATH_COMPONENT_RE.test(component)) {
      fail(
        `path component '${component}' must be lowercase letters and digits, separated by '.', '_', '__' or '-'`
      );
    }
  }
  if (domain.length + 1 + repository.length > MAX_NAME_LENGTH) {
    fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  }
  return {
    registry,
    domain,
    repository,
    ...tag !== void 0 && { tag },
    ...digest !== void 0 && { digest }
  };
}
function repositoryName(reference) {
  return `${reference.domain}/${reference.repository}`;
}
function formatReference(reference) {
  return repositoryName(reference) + (reference.tag !== void 0 ? `:${reference.tag}` : "") + (reference.digest !== void 0 ? `@${reference.digest}` : "");
}
function withTag(reference, tag) {
  const { registry, domain, repository } = reference;
  return { registry, domain, repository, tag };
}
function manifestReference(reference) {
  const target = reference.digest ?? reference.tag;
  if (target === void 0) {
    throw new InvalidReferenceError(formatReference(reference), "expected a :tag or an @sha256: digest");
  }
  return target;
}
function isLoopbackRegistry(registry) {
  const host = registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
  if (host === void 0) return false;
  if (host.toLowerCase() === "localhost" || host === "[::1]") return true;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}
function registryBaseUrl(registry) {
  return `${isLoopbackRegistry(registry) ? "http" : "https"}://${registry}`;
}

// actions/lib/oci-registry.ts
import { createHash } from "node:crypto";

// actions/lib/oci-deadline.ts
function deadline(ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer), release: () => timer.unref() };
}

// actions/lib/oci-errors.ts
var HINTS = {
  MANIFEST_UNKNOWN: "Check that the repository and the tag or digest exist in this registry.",
  NAME_UNKNOWN: "Check the repository name and the registry host.",
  UNAUTHORIZED: "Check registry-username and registry-password, and that they may pull and push this repository.",
  DENIED: "Check that the credentials are allowed to push to this repository.",
  MANIFEST_BLOB_UNKNOWN: "The manifest references blobs this repository lacks; promote within one repository.",
  MANIFEST_INVALID: "The registry refused the manifest bytes; check that it supports this media type.",
  TAG_INVALID: "Check the tag against the tag grammar.",
  TOOMANYREQUESTS: "The registry rate-limits this client; retry later or authenticate.",
  UNSUPPORTED: "The registry does not support this operation."
};
function defaultHint(status, code) {
  if (code !== void 0 && HINTS[code]) return HINTS[code];
  if (status === void 0) return "Check the registry host, the network and TLS.";
  if (status === 401) return HINTS.UNAUTHORIZED ?? "";
  if (status === 403) return HINTS.DENIED ?? "";
  if (status === 404) return HINTS.MANIFEST_UNKNOWN ?? "";
  if (status === 429) return HINTS.TOOMANYREQUESTS ?? "";
  if (status >= 500) return "The registry failed; check its status and retry.";
  return "Check the reference and the registry.";
}
var RegistryError = class extends Error {
  operation;
  status;
  /** The first error code the registry sent (e.g. `MANIFEST_UNKNOWN`), if any. */
  code;
  errors;
  constructor(init) {
    const errors = init.errors ?? [];
    const first = errors[0];
    const quoted = errors.length > 0 ? errors.map((e) => `${e.code}: ${e.message}`).join("; ") : init.body ? init.body : isErrorLike(init.cause) ? describeCause(init.cause) : "no error details";
    const status = init.status === void 0 ? "no response" : `HTTP ${init.status}`;
    super(
      `${init.operation} failed (${status}, ${quoted}). ${init.hint ?? defaultHint(init.status, first?.code)}`,
      {
        cause: init.cause
      }
    );
    this.name = "RegistryError";
    this.operation = init.operation;
    this.status = init.status;
    this.code = first?.code;
    this.errors = errors;
  }
};
function isErrorLike(value) {
  return typeof value === "object" && value !== null && typeof value.message === "string";
}
function describeCause(error2) {
  const cause = error2.cause;
  if (isErrorLike(cause)) {
    const code = cause.code;
    return `${error2.message}: ${typeof code === "string" ? `${code} ` : ""}${cause.message}`;
  }
  return error2.message;
}
function parseErrorBody(text) {
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed.errors)) {
      const errors = parsed.errors.filter((e) => typeof e === "object" && e !== null).map((e) => ({
        code: typeof e.code === "string" ? e.code : "UNKNOWN",
        message: typeof e.message === "string" ? e.message : "",
        ...e.detail !== void 0 && { detail: e.detail }
      }));
      return { errors };
    }
  } catch {
  }
  const body = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return body === "" ? { errors: [] } : { errors: [], body };
}

// actions/lib/oci-auth.ts
function repositoryScope(repository, access2) {
  return `repository:${repository}:${access2}`;
}
var TOKEN = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y;
function parseChallenges(header) {
  const challenges = [];
  let pos = 0;
  const skip = (chars) => {
    while (pos < header.length && chars.test(header.charAt(pos))) pos++;
  };
  const token = () => {
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(header);
    if (!match) return void 0;
    pos = TOKEN.lastIndex;
    return match[0];
  };
  while (pos < header.length) {
    skip(/[\s,]/);
    const name = token();
    if (name === void 0) {
      pos++;
      continue;
    }
    skip(/\s/);
    const current = challenges.at(-1);
    if (header.charAt(pos) !== "=" || current === void 0) {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    pos++;
    skip(/\s/);
    let value = "";
    if (header.charAt(pos) === '"') {
      for (pos++; pos < header.length && header.charAt(pos) !== '"'; pos++) {
        if (header.charAt(pos) === "\\") pos++;
        value += header.charAt(pos);
      }
      pos++;
    } else {
      value = token() ?? "";
    }
    current.params[name.toLowerCase()] = value;
  }
  return challenges;
}
var RegistryAuth = class {
  constructor(options = {}) {
    this.options = options;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }
  options;
  challenges = /* @__PURE__ */ new Map();
  tokens = /* @__PURE__ */ new Map();
  fetch;
  now;
  /** The header for a request to `registry` needing `scope`, from an earlier challenge; undefined before any. */
  async authorization(registry, scope) {
    const challenge = this.challenges.get(registry);
    if (challenge === void 0) return void 0;
    return this.answer(registry, challenge, scope, false);
  }
  /**
   * Answers a 401 from `registry`: learns its `WWW-Authenticate` challenge and returns the
   * `Authorization` header to retry with (a fresh token for Bearer), or undefined when a retry cannot
   * help: the token `sent` was valid but lacks the scope (`error="insufficient_scope"`), and the same
   * credentials would get the same grant again.
   * @throws RegistryError when the challenge cannot be answered (no credentials for Basic, token service failure).
   */
  async respond(registry, wwwAuthenticate, scope, operation, sent) {
    const challenges = parseChallenges(wwwAuthenticate ?? "");
    const challenge = challenges.find((c) => c.scheme === "bearer" && c.params.realm) ?? challenges.find((c) => c.scheme === "basic");
    if (challenge === void 0) {
      throw new RegistryError({
        operation,
        status: 401,
        body: `unsupported or missing WWW-Authenticate challenge '${wwwAuthenticate ?? ""}'`,
        hint: "The registry asks for a Bearer or Basic authentication this client does not understand."
      });
    }
    this.challenges.set(registry, challenge);
    if (challenge.scheme === "bearer" && challenge.params.error === "insufficient_scope" && sent?.startsWith("Bearer ")) {
      return void 0;
    }
    const header = await this.answer(registry, challenge, scope, true);
    if (header === void 0) {
      throw new RegistryError({
        operation,
        status: 401,
        errors: [{ code: "UNAUTHORIZED", message: `${registry} requires authentication` }],
        hint: "Set registry-username and registry-password."
      });
    }
    return header;
  }
  async answer(registry, challenge, scope, refresh) {
    const { credentials } = this.options;
    if (challenge.scheme === "basic") {
      if (credentials === void 0) return void 0;
      const value = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
      this.options.onSecret?.(value);
      return `Basic ${value}`;
    }
    const realm = challenge.params.realm ?? "";
    const service = challenge.params.service ?? "";
    const key = `${realm}|${service}|${scope}`;
    const cached2 = this.tokens.get(key) ?? this.tokens.get(`${key.replace(/:pull$/, ":pull,push")}`);
    if (!refresh && cached2 !== void 0 && cached2.expiresAt > this.now()) return `Bearer ${cached2.value}`;
    const token = await this.fetchToken(registry, realm, service, scope);
    this.tokens.set(key, token);
    return `Bearer ${token.value}`;
  }
  async fetchToken(registry, realm, service, scope) {
    const operation = `token request to ${realm} for ${scope}`;
    let url;
    try {
      url = new URL(realm);
    } catch (cause) {
      throw new RegistryError({
        operation,
        body: `realm '${realm}' is not a URL`,
        cause,
        hint: hintRealm(registry)
      });
    }
    const { credentials } = this.options;
    if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackRegistry(url.host))) {
      throw new RegistryError({
        operation,
        body: `realm '${realm}' is not HTTPS`,
        hint: "Credentials and tokens are only sent over HTTPS (or plain HTTP to loopback)."
      });
    }
    if (service !== "") url.searchParams.set("service", service);
    url.searchParams.set("scope", scope);
    const headers = { accept: "application/json" };
    if (credentials !== void 0) {
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
      this.options.onSecret?.(basic);
      headers.authorization = `Basic ${basic}`;
    }
    const { signal, clear } = deadline(this.options.timeoutMs ?? 3e4);
    let response;
    let text;
    try {
      response = await this.fetch(url, { headers, signal });
      text = await response.text();
    } catch (cause) {
      throw new RegistryError({ operation, cause, hint: hintRealm(registry) });
    } finally {
      clear();
    }
    if (!response.ok) {
      const status = response.status;
      throw new RegistryError({
        operation,
        status,
        ...parseErrorBody(text),
        hint: status === 401 || status === 403 ? "The token service refused the credentials: check registry-username and registry-password." : hintRealm(registry)
      });
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw new RegistryError({ operation, status: response.status, body: "the answer is not JSON", cause });
    }
    const value = typeof body.token === "string" && body.token !== "" ? body.token : typeof body.access_token === "string" ? body.access_token : "";
    if (value === "") {
      throw new RegistryError({
        operation,
        status: response.status,
        body: "the answer has no token or access_token"
      });
    }
    this.options.onSecret?.(value);
    const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
    return { value, expiresAt: this.now() + lifetime * 900 };
  }
};
function hintRealm(registry) {
  return `Check that ${registry}'s token service (the realm of its WWW-Authenticate challenge) is reachable.`;
}

// node_modules/is-network-error/index.js
var objectToString = Object.prototype.toString;
var isError = (value) => objectToString.call(value) === "[object Error]";
var errorMessages = /* @__PURE__ */ new Set([
  "network error",
  // Chrome
  "NetworkError when attempting to fetch resource.",
  // Firefox
  "The Internet connection appears to be offline.",
  // Safari 16
  "Network request failed",
  // `cross-fetch`
  "fetch failed",
  // Undici (Node.js)
  "terminated",
  // Undici (Node.js)
  " A network error occurred.",
  // Bun (WebKit)
  "Network connection lost"
  // Cloudflare Workers (fetch)
]);
function isNetworkError(error2) {
  const isValid = error2 && isError(error2) && error2.name === "TypeError" && typeof error2.message === "string";
  if (!isValid) {
    return false;
  }
  const { message, stack } = error2;
  if (message === "Load failed" || message.startsWith("Load failed (") && message.endsWith(")")) {
    return stack === void 0 || "__sentry_captured__" in error2;
  }
  if (message.startsWith("error sending request for url")) {
    return true;
  }
  if (message === "Failed to fetch" || message.startsWith("Failed to fetch (") && message.endsWith(")")) {
    return true;
  }
  return errorMessages.has(message);
}

// node_modules/p-retry/index.js
function validateRetries(retries) {
  if (typeof retries === "number") {
    if (retries < 0) {
      throw new TypeError("Expected `retries` to be a non-negative number.");
    }
    if (Number.isNaN(retries)) {
      throw new TypeError("Expected `retries` to be a valid number or Infinity, got NaN.");
    }
  } else if (retries !== void 0) {
    throw new TypeError("Expected `retries` to be a number or Infinity.");
  }
}
function validateNumberOption(name, value, { min = 0, allowInfinity = false } = {}) {
  if (value === void 0) {
    return;
  }
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? " or Infinity" : ""}.`);
  }
  if (!allowInfinity && !Number.isFinite(value)) {
    throw new TypeError(`Expected \`${name}\` to be a finite number.`);
  }
  if (value < min) {
    throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
  }
}
var AbortError = class extends Error {
  constructor(message) {
    super();
    if (message instanceof Error) {
      this.originalError = message;
      ({ message } = message);
    } else {
      this.originalError = new Error(message);
      this.originalError.stack = this.stack;
    }
    this.name = "AbortError";
    this.message = message;
  }
};
function calculateDelay(retriesConsumed, options) {
  const attempt = Math.max(1, retriesConsumed + 1);
  const random = options.randomize ? Math.random() + 1 : 1;
  let timeout = Math.round(random * options.minTimeout * options.factor ** (attempt - 1));
  timeout = Math.min(timeout, options.maxTimeout);
  return timeout;
}
function calculateRemainingTime(start, max) {
  if (!Number.isFinite(max)) {
    return max;
  }
  return max - (performance.now() - start);
}
async function onAttemptFailure({ error: error2, attemptNumber, retriesConsumed, startTime, options }) {
  const normalizedError = error2 instanceof Error ? error2 : new TypeError(`Non-error was thrown: "${error2}". You should only throw errors.`);
  if (normalizedError instanceof AbortError) {
    throw normalizedError.originalError;
  }
  const retriesLeft = Number.isFinite(options.retries) ? Math.max(0, options.retries - retriesConsumed) : options.retries;
  const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;
  const context = Object.freeze({
    error: normalizedError,
    attemptNumber,
    retriesLeft,
    retriesConsumed
  });
  await options.onFailedAttempt(context);
  if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
    throw normalizedError;
  }
  const consumeRetry = await options.shouldConsumeRetry(context);
  const remainingTime = calculateRemainingTime(startTime, maxRetryTime);
  if (remainingTime <= 0 || retriesLeft <= 0) {
    throw normalizedError;
  }
  if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
    if (consumeRetry) {
      throw normalizedError;
    }
    options.signal?.throwIfAborted();
    return false;
  }
  if (!await options.shouldRetry(context)) {
    throw normalizedError;
  }
  if (!consumeRetry) {
    options.signal?.throwIfAborted();
    return false;
  }
  const delayTime = calculateDelay(retriesConsumed, options);
  const finalDelay = Math.min(delayTime, remainingTime);
  options.signal?.throwIfAborted();
  if (finalDelay > 0) {
    await new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timeoutToken);
        options.signal?.removeEventListener("abort", onAbort);
        reject(options.signal.reason);
      };
      const timeoutToken = setTimeout(() => {
        options.signal?.removeEventListener("abort", onAbort);
        resolve();
      }, finalDelay);
      if (options.unref) {
        timeoutToken.unref?.();
      }
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
  options.signal?.throwIfAborted();
  return true;
}
async function pRetry(input, options = {}) {
  options = { ...options };
  validateRetries(options.retries);
  if (Object.hasOwn(options, "forever")) {
    throw new Error("The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.");
  }
  options.retries ??= 10;
  options.factor ??= 2;
  options.minTimeout ??= 1e3;
  options.maxTimeout ??= Number.POSITIVE_INFINITY;
  options.maxRetryTime ??= Number.POSITIVE_INFINITY;
  options.randomize ??= false;
  options.onFailedAttempt ??= () => {
  };
  options.shouldRetry ??= () => true;
  options.shouldConsumeRetry ??= () => true;
  validateNumberOption("factor", options.factor, { min: 0, allowInfinity: false });
  validateNumberOption("minTimeout", options.minTimeout, { min: 0, allowInfinity: false });
  validateNumberOption("maxTimeout", options.maxTimeout, { min: 0, allowInfinity: true });
  validateNumberOption("maxRetryTime", options.maxRetryTime, { min: 0, allowInfinity: true });
  if (!(options.factor > 0)) {
    options.factor = 1;
  }
  options.signal?.throwIfAborted();
  let attemptNumber = 0;
  let retriesConsumed = 0;
  const startTime = performance.now();
  while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
    attemptNumber++;
    try {
      options.signal?.throwIfAborted();
      const result = await input(attemptNumber);
      options.signal?.throwIfAborted();
      return result;
    } catch (error2) {
      if (await onAttemptFailure({
        error: error2,
        attemptNumber,
        retriesConsumed,
        startTime,
        options
      })) {
        retriesConsumed++;
      }
    }
  }
  throw new Error("Retry attempts exhausted without throwing an error.");
}

// actions/lib/retry.ts
function defaultBackoff(overrides = {}) {
  return {
    baseMs: 1e3,
    maxMs: 15e3,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    ...overrides
  };
}
function backoffDelay(retry, backoff) {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (retry - 1));
  return Math.floor(backoff.random() * ceiling);
}
function withRetries(attempt, options) {
  return pRetry(attempt, {
    retries: options.retries,
    // p-retry's own wait is off; p-retry only asks shouldRetry while retries remain.
    minTimeout: 0,
    maxTimeout: 0,
    shouldRetry: async ({ error: error2, retriesConsumed }) => {
      if (!options.isRetryable(error2)) return false;
      const retry = retriesConsumed + 1;
      const delay = backoffDelay(retry, options.backoff);
      options.onRetry?.(error2, retry, delay);
      await options.backoff.sleep(delay);
      return true;
    }
  });
}

// actions/lib/oci-registry.ts
var OCI_INDEX = "application/vnd.oci.image.index.v1+json";
var OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
var DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
var DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
var MANIFEST_MEDIA_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST];
var ACCEPT = MANIFEST_MEDIA_TYPES.join(", ");
var MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
var RETRY_STATUSES = /* @__PURE__ */ new Set([429, 500, 502, 503, 504]);
var REDIRECT_STATUSES = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
function digestOf(bytes, algorithm = "sha256") {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}
var NetworkError = class extends Error {
  constructor(cause) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
};
var RetryableStatus = class extends Error {
  constructor(response) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
  response;
};
var RegistryClient = class {
  constructor(options = {}) {
    this.options = options;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.auth = new RegistryAuth({
      fetch: this.fetch,
      ...options.credentials && { credentials: options.credentials },
      ...options.timeoutMs !== void 0 && { timeoutMs: options.timeoutMs },
      ...options.onSecret && { onSecret: options.onSecret }
    });
  }
  options;
  auth;
  fetch;
  /**
   * GETs the manifest or index a reference names (by digest when it has one), verifies its bytes
   * against the requested digest and the registry's Docker-Content-Digest, and returns it unchanged.
   * @throws RegistryError quoting the registry's code (e.g. MANIFEST_UNKNOWN) or naming the mismatch.
   */
  async getManifest(reference) {
    const operation = `resolve ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      "pull",
      {
        method: "GET",
        headers: { accept: ACCEPT }
      }
    );
    if (!response.ok) throw await errorFrom(response, operation);
    let bytes;
    try {
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (cause) {
      throw new RegistryError({
        operation,
        status: response.status,
        cause,
        body: "the manifest body was cut off"
      });
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryError({
        operation,
        status: response.status,
        body: `manifest over ${MAX_MANIFEST_BYTES} bytes`
      });
    }
    const mediaType = response.headers.get("content-type") ?? "";
    const baseType = mediaType.split(";")[0]?.trim() ?? "";
    if (!MANIFEST_MEDIA_TYPES.includes(baseType)) {
      throw new RegistryError({
        operation,
        status: response.status,
        body: `unsupported manifest media type '${mediaType}'`,
        hint: `Expected one of ${MANIFEST_MEDIA_TYPES.join(", ")} (Docker schema 1 images must be rebuilt).`
      });
    }
    const digest = digestOf(bytes);
    const claims = [
      ["requested digest", reference.digest],
      ["Docker-Content-Digest", response.headers.get("docker-content-digest") ?? void 0]
    ];
    for (const [what, expected] of claims) {
      if (expected === void 0) continue;
      const algorithm = expected.split(":")[0] ?? "sha256";
      const actual = algorithm === "sha256" ? digest : safeDigest(bytes, algorithm);
      if (actual !== expected) {
        throw new RegistryError({
          operation,
          status: response.status,
          body: `the manifest bytes hash to ${actual}, not the ${what} ${expected}`,
          hint: "The registry or a proxy altered the manifest; do not promote it."
        });
      }
    }
    return { digest, mediaType, bytes };
  }
  /** HEADs a manifest: its digest and media type, or undefined when the registry has none (404). */
  async headManifest(reference) {
    const operation = `check ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      "pull",
      {
        method: "HEAD",
        headers: { accept: ACCEPT }
      }
    );
    if (response.status === 404) return void 0;
    if (!response.ok) throw await errorFrom(response, operation);
    const digest = response.headers.get("docker-content-digest");
    if (digest === null) {
      const manifest = await this.getManifest(reference);
      return { digest: manifest.digest, mediaType: manifest.mediaType };
    }
    return { digest, mediaType: response.headers.get("content-type") ?? "" };
  }
  /**
   * PUTs manifest bytes unchanged, with their media type, under `reference`'s tag (or digest).
   * Needs push access. Returns the registry's Docker-Content-Digest (undefined when it sent none).
   */
  async putManifest(reference, manifest) {
    const operation = `push manifest ${manifest.digest} to ${formatReference(reference)}`;
    const response = await this.send(
      reference,
      `manifests/${manifestReference(reference)}`,
      operation,
      "pull,push",
      {
        method: "PUT",
        headers: { "content-type": manifest.mediaType },
        body: manifest.bytes
      }
    );
    if (!response.ok) throw await errorFrom(response, operation);
    await response.body?.cancel();
    return response.headers.get("docker-content-digest") ?? void 0;
  }
  /** Every tag of the reference's repository, following `Link: <…>; rel="next"` pages. */
  async listTags(reference) {
    const operation = `list tags of ${repositoryName(reference)}`;
    const tags = [];
    let path = "tags/list?n=1000";
    while (path !== void 0) {
      const response = await this.send(reference, path, operation, "pull", { method: "GET" });
      if (!response.ok) throw await errorFrom(response, operation);
      let body;
      try {
        body = await response.json();
      } catch (cause) {
        throw new RegistryError({
          operation,
          status: response.status,
          cause,
          body: "the tag list is not JSON"
        });
      }
      tags.push(...body.tags ?? []);
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get("link") ?? "")?.[1];
      path = next === void 0 ? void 0 : next.replace(/^.*?\/v2\/.+?\/(tags\/list)/, "$1");
    }
    return tags;
  }
  /**
   * One API call with authentication (learned from a 401, retried once) and retries of transient failures.
   * `path` is relative to `/v2/<repository>/`. Public for the blob calls in oci-blobs.ts.
   */
  async send(reference, path, operation, access2, init) {
    const url = `${registryBaseUrl(reference.registry)}/v2/${reference.repository}/${path}`;
    const scope = repositoryScope(reference.repository, access2);
    const write = init.method !== "GET" && init.method !== "HEAD";
    const once2 = async (authorization) => {
      const timeout = deadline(this.options.timeoutMs ?? 3e4);
      try {
        const response = await this.fetch(url, {
          method: init.method,
          headers: { ...init.headers, ...authorization && { authorization } },
          ...init.body && { body: init.body },
          ...write && { redirect: "manual" },
          signal: timeout.signal
        });
        timeout.release();
        return response;
      } catch (cause) {
        timeout.clear();
        throw new NetworkError(cause);
      }
    };
    const attempt = async () => {
      const sent = await this.auth.authorization(reference.registry, scope);
      let response = await once2(sent);
      if (response.status === 401) {
        const challenge = response.headers.get("www-authenticate");
        const retry = await this.auth.respond(reference.registry, challenge, scope, operation, sent);
        if (retry !== void 0) {
          await response.body?.cancel();
          response = await once2(retry);
        }
      }
      if (write && REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel();
        throw new RegistryError({
          operation,
          status: response.status,
          body: `the registry redirected this ${init.method} to ${response.headers.get("location") ?? "(no Location)"}`,
          hint: "Writes are not followed across redirects (the body would be re-sent elsewhere): use the registry host the redirect points to."
        });
      }
      if (RETRY_STATUSES.has(response.status)) throw new RetryableStatus(response);
      return response;
    };
    try {
      return await withRetries(attempt, {
        retries: this.options.retries ?? 2,
        isRetryable: (error2) => !(error2 instanceof RegistryError),
        // Uncapped, as before: the retries are few.
        backoff: defaultBackoff({
          baseMs: this.options.retryDelayMs ?? 500,
          maxMs: Number.POSITIVE_INFINITY
        })
      });
    } catch (error2) {
      if (error2 instanceof RetryableStatus) return error2.response;
      if (error2 instanceof RegistryError) throw error2;
      throw new RegistryError({ operation, cause: error2 instanceof NetworkError ? error2.cause : error2 });
    }
  }
};
function safeDigest(bytes, algorithm) {
  try {
    return digestOf(bytes, algorithm);
  } catch {
    return `unsupported algorithm ${algorithm}`;
  }
}
async function errorFrom(response, operation) {
  const text = await response.text().catch(() => "");
  const refused = parseChallenges(response.headers.get("www-authenticate") ?? "").find(
    (challenge) => challenge.params.error === "insufficient_scope"
  );
  return new RegistryError({
    operation,
    status: response.status,
    ...parseErrorBody(text),
    ...refused && {
      hint: `The credentials were not granted ${refused.params.scope ?? "this access"}: check that they may pull and push this repository.`
    }
  });
}

// node_modules/zod/v4/core/util.js
function jsonStringifyReplacer(_, value) {
  if (typeof value === "bigint")
    return value.toString();
  return value;
}
function nullish(input) {
  return input === null || input === void 0;
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function clone(inst, def, params) {
  const cl = new inst._zod.constr(def ?? inst._zod.def);
  if (!def || params?.parent)
    cl._zod.parent = inst;
  return cl;
}
function normalizeParams(_params) {
  const params = _params;
  if (!params)
    return {};
  if (typeof params === "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  delete params.message;
  if (typeof params.error === "string")
    return { ...params, error: () => params.error };
  return params;
}
function aborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue !== true) {
      return true;
    }
  }
  return false;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue === false) {
      return true;
    }
  }
  return false;
}
function prefixIssues(path, issues) {
  return issues.map((iss) => {
    var _a2;
    (_a2 = iss).path ?? (_a2.path = []);
    iss.path.unshift(path);
    return iss;
  });
}
function unwrapMessage(message) {
  return typeof message === "string" ? message : message?.message;
}
function sizeCaps(defChecks) {
  const caps = [];
  for (const ch of defChecks ?? []) {
    const d = ch._zod.def;
    if (!/_(length|size)$|_equals$/.test(d.check))
      break;
    const max = d.maximum ?? d.length ?? d.size;
    if (max >= 0)
      caps.push([max, ch]);
  }
  return caps;
}
function attachSchema(issues, start, inst) {
  var _a2;
  for (let i = start; i < issues.length; i++) {
    (_a2 = issues[i]).schema ?? (_a2.schema = inst);
  }
}
function finalizeIssue(iss, ctx, config2) {
  var _a2;
  const traits = iss.inst?._zod?.traits;
  if (traits?.has("$ZodType")) {
    if (traits.has("$ZodCheck"))
      (_a2 = iss).schema ?? (_a2.schema = iss.inst);
    else
      iss.schema = iss.inst;
  }
  const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0;
  const message = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input";
  const full = {};
  for (const k of Object.keys(iss)) {
    if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
      continue;
    full[k] = iss[k];
  }
  full.path ?? (full.path = []);
  full.message = message;
  if (ctx?.reportInput) {
    full.input = iss.input;
  }
  return full;
}
var highSurrogate = /[\uD800-\uDBFF]/;
function codePointLength(str) {
  const units = str.length;
  if (!highSurrogate.test(str))
    return units;
  let count = units;
  for (let i = 0; i < units - 1; i++) {
    if ((str.charCodeAt(i) & 64512) === 55296 && (str.charCodeAt(i + 1) & 64512) === 56320) {
      count--;
      i++;
    }
  }
  return count;
}
function getLengthableOrigin(input) {
  if (Array.isArray(input))
    return "array";
  if (typeof input === "string")
    return "string";
  return "unknown";
}
function members(proto, table) {
  for (const key in table) {
    const desc = Object.getOwnPropertyDescriptor(table, key);
    if (desc.get)
      Object.defineProperty(proto, key, { ...desc, enumerable: false });
    else
      defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = true) {
  Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
  return value;
}
function hide(inst, key, value) {
  return own(inst, key, value, false);
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}

// node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: false };
var _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  const E = _E;
  if (E) {
    const saved = E.stackTraceLimit;
    if (typeof saved === "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        _E = null;
        return new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer2, proto, params) {
  const zodProto = {};
  function Internals(def) {
    this.def = def;
    this.constr = _;
    this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  const protoMembers = proto;
  const initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (!inst._zod) {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    } else if (inst._zod.traits.has(name)) {
      return;
    }
    inst._zod.traits.add(name);
    initializer2(inst, def);
    if (initialized) {
      const own2 = Object.getPrototypeOf(inst);
      const ctorProto = inst._zod.constr.prototype;
      let up = own2;
      while (up && up !== ctorProto)
        up = Object.getPrototypeOf(up);
      const target = up ?? own2;
      if (!initialized.has(target)) {
        initialized.add(target);
        members(target, protoMembers);
      }
    }
    const proto2 = _.prototype;
    for (const k in proto2) {
      if (!Object.prototype.hasOwnProperty.call(proto2, k))
        continue;
      if (!(k in inst)) {
        inst[k] = proto2[k].bind(inst);
      }
    }
  }
  const Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    const deferred = inst._zod.deferred;
    if (deferred) {
      for (const fn of deferred) {
        fn();
      }
      inst._zod.deferred = void 0;
    }
    const pp = globalThis.__zod_globalConfig?.postProcessor;
    if (pp)
      pp(inst);
    return inst;
  }
  Object.defineProperty(_, "init", { value: init });
  Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => {
      if (params?.Parent && inst instanceof params.Parent)
        return true;
      return inst?._zod?.traits?.has(name);
    }
  });
  Object.defineProperty(_, "name", { value: name });
  return _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  if (newConfig)
    Object.assign(globalConfig, newConfig);
  return globalConfig;
}

// node_modules/zod/v4/core/errors.js
function _getMessage() {
  const internals = this._zod;
  internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
  return internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: true,
  configurable: true
};
var _issuesDesc = { value: void 0, enumerable: false };
var _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
var initializer = (inst, def) => {
  inst.name = "$ZodError";
  _issuesDesc.value = def;
  Object.defineProperty(inst, "issues", _issuesDesc);
  _issuesDesc.value = void 0;
  Object.defineProperty(inst, "message", _messageDesc);
  const proto = Object.getPrototypeOf(inst);
  if (!_installedToString.has(proto)) {
    _installedToString.add(proto);
    Object.defineProperty(proto, "toString", {
      configurable: true,
      enumerable: false,
      get() {
        const value = () => this.message;
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
      }
    });
  }
};
var $ZodError = $constructor("$ZodError", initializer);
var $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/zod/v4/core/parse.js
var _parse = (_Err) => {
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
      throw new $ZodAsyncError();
    }
    if (result.issues.length) {
      const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, _params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parse = /* @__PURE__ */ _parse($ZodRealError);
var _parseAsync = (_Err) => {
  const fn = async (schema, value, _ctx, params) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      result = await result;
    if (result.issues.length) {
      const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parseAsync = /* @__PURE__ */ _parseAsync($ZodRealError);
var _safeParse = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
  const result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParse = /* @__PURE__ */ _safeParse($ZodRealError);
function failure(Err, issues, ctx) {
  let error2;
  return {
    success: false,
    get error() {
      if (!error2) {
        error2 = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
        issues = void 0;
        ctx = void 0;
      }
      return error2;
    },
    set error(e) {
      error2 = e;
      issues = void 0;
      ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParseAsync = /* @__PURE__ */ _safeParseAsync($ZodRealError);

// node_modules/zod/v4/core/regexes.js
var anyString = /^[\s\S]{0,}$/;

// node_modules/zod/v4/core/checks.js
var $ZodCheck = /* @__PURE__ */ $constructor("$ZodCheck", (inst, def) => {
  var _a2;
  inst._zod ?? (inst._zod = {});
  inst._zod.def = def;
  (_a2 = inst._zod).onattach ?? (_a2.onattach = []);
});
var _whenHasLength = (payload) => {
  const val = payload.value;
  return !nullish(val) && val.length !== void 0;
};
var $ZodCheckMaxLength = /* @__PURE__ */ $constructor("$ZodCheckMaxLength", (inst, def) => {
  var _a2;
  $ZodCheck.init(inst, def);
  (_a2 = inst._zod.def).when ?? (_a2.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units > def.maximum ? codePointLength(input) : units;
    if (length <= def.maximum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_big",
      maximum: def.maximum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckMinLength = /* @__PURE__ */ $constructor("$ZodCheckMinLength", (inst, def) => {
  var _a2;
  $ZodCheck.init(inst, def);
  (_a2 = inst._zod.def).when ?? (_a2.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2 ? codePointLength(input) : units;
    if (length >= def.minimum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_small",
      minimum: def.minimum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckStringFormat = /* @__PURE__ */ $constructor("$ZodCheckStringFormat", (inst, def) => {
  var _a2, _b;
  $ZodCheck.init(inst, def);
  if (def.pattern)
    (_a2 = inst._zod).check ?? (_a2.check = (payload) => {
      def.pattern.lastIndex = 0;
      if (def.pattern.test(payload.value))
        return;
      payload.issues.push({
        origin: "string",
        code: "invalid_format",
        format: def.format,
        input: payload.value,
        ...def.pattern ? { pattern: def.pattern.toString() } : {},
        inst,
        continue: !def.abort
      });
    });
  else
    (_b = inst._zod).check ?? (_b.check = () => {
    });
});
var $ZodCheckRegex = /* @__PURE__ */ $constructor("$ZodCheckRegex", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    def.pattern.lastIndex = 0;
    if (def.pattern.test(payload.value))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "regex",
      input: payload.value,
      pattern: def.pattern.toString(),
      inst,
      continue: !def.abort
    });
  };
});

// node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a2;
  inst ?? (inst = {});
  inst._zod.def = def;
  inst._zod.bag = inst._zod.bag || {};
  inst._zod.version = version;
  const defChecks = inst._zod.def.checks;
  const checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (const ch of checks) {
    for (const fn of ch._zod.onattach) {
      fn(inst);
    }
  }
  if (checks.length === 0) {
    (_a2 = inst._zod).deferred ?? (_a2.deferred = []);
    inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  } else {
    const runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload);
      let asyncResult;
      for (const ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload))
            continue;
          const shouldRun = ch._zod.def.when(payload);
          if (!shouldRun)
            continue;
        } else if (isAborted) {
          continue;
        }
        const currLen = payload.issues.length;
        const _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === false) {
          throw new $ZodAsyncError();
        }
        if (asyncResult || _ instanceof Promise) {
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _;
            const nextLen = payload.issues.length;
            if (nextLen === currLen)
              return;
            attachSchema(payload.issues, currLen, inst);
            if (!isAborted)
              isAborted = aborted(payload, currLen);
          });
        } else {
          const nextLen = payload.issues.length;
          if (nextLen === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst);
          if (!isAborted)
            isAborted = aborted(payload, currLen);
        }
      }
      if (asyncResult) {
        return asyncResult.then(() => {
          return payload;
        });
      }
      return payload;
    };
    const handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary)) {
        canary.aborted = true;
        return canary;
      }
      const checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks) {
        return inst._zod.parse(payload, ctx);
      }
      if (ctx.direction === "backward") {
        const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
        if (canary instanceof Promise) {
          return canary.then((canary2) => {
            return handleCanaryResult(canary2, payload, ctx);
          });
        }
        return handleCanaryResult(canary, payload, ctx);
      }
      const result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
});
var toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
  const ctx = { async: true };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      const ctx = { async: false };
      try {
        const r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch (_) {
      }
      return validateAsync(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = def.pattern ?? anyString;
  inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch (_2) {
      }
    if (typeof payload.value === "string")
      return payload;
    payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
function capSize(inst, size) {
  const caps = sizeCaps(inst._zod.def.checks);
  if (!caps.length)
    return;
  const cap = Math.min(...caps.map((c) => c[0]));
  const parse2 = inst._zod.parse;
  inst._zod.parse = (payload, ctx) => {
    const n = size(payload.value);
    if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
      for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
        if (n > max && ch._zod.def.when(payload)) {
          const start = payload.issues.length;
          ch._zod.check(payload);
          payload.issues[start].continue = false;
          attachSchema(payload.issues, start, inst);
          return payload;
        }
      }
    }
    return parse2(payload, ctx);
  };
}
var arraySize = (input) => Array.isArray(input) ? input.length : -1;
function handleArrayResult(result, final, index) {
  if (result.issues.length) {
    final.issues.push(...prefixIssues(index, result.issues));
  }
  final.value[index] = result.value;
}
var $ZodArray = /* @__PURE__ */ $constructor("$ZodArray", (inst, def) => {
  $ZodType.init(inst, def);
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push({
        expected: "array",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
    const proms = [];
    const abortEarly = ctx?.abortEarly;
    for (let i = 0; i < input.length; i++) {
      const item = input[i];
      const result = def.element._zod.run({
        value: item,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        proms.push(result.then((result2) => handleArrayResult(result2, payload, i)));
      } else {
        handleArrayResult(result, payload, i);
        if (abortEarly && result.issues.length !== 0 && aborted(result))
          break;
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
  capSize(inst, arraySize);
});

// node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  if (def.checks)
    def.checks = [...def.checks];
  return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
  return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _maxLength(maximum, params) {
  const ch = new $ZodCheckMaxLength({
    check: "max_length",
    ...normalizeParams(params),
    maximum
  });
  return ch;
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
  return new $ZodCheckMinLength({
    check: "min_length",
    ...normalizeParams(params),
    minimum
  });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
  return new $ZodCheckRegex({
    check: "string_format",
    format: "regex",
    ...normalizeParams(params),
    pattern
  });
}

// node_modules/zod/v4/mini/schemas.js
var ZodMiniType = /* @__PURE__ */ $constructor("ZodMiniType", (inst, def) => {
  if (!inst._zod)
    throw new Error("Uninitialized schema in ZodMiniType.");
  $ZodType.init(inst, def);
  inst.def = def;
  inst.type = def.type;
}, {
  // `with` is an alias for `check`: the same function object, not a wrapper.
  get with() {
    return this.check;
  },
  set with(value) {
    own(this, "with", value);
  },
  parse(data, params) {
    return parse(this, data, params, { callee: this.parse });
  },
  parseAsync(data, params) {
    return parseAsync(this, data, params, { callee: this.parseAsync });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  check(...checks) {
    const def = this.def;
    return this.clone({
      ...def,
      checks: [
        ...def.checks ?? [],
        ...checks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }, { parent: true });
  },
  clone(_def, params) {
    return clone(this, _def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    reg.add(this, meta2);
    return this;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  }
});
var ZodMiniString = /* @__PURE__ */ $constructor("ZodMiniString", (inst, def) => {
  $ZodString.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function string2(params) {
  return _string(ZodMiniString, params);
}
var ZodMiniArray = /* @__PURE__ */ $constructor("ZodMiniArray", (inst, def) => {
  $ZodArray.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function array(element, params) {
  return new ZodMiniArray({
    type: "array",
    element,
    ...normalizeParams(params)
  });
}

// actions/lib/inputs.ts
var InputError = class extends Error {
  constructor(input, expected, received) {
    super(
      received === void 0 ? `Input '${input}' is required: expected ${expected}.` : `Invalid input '${input}': expected ${expected}, got '${received}'.`
    );
    this.input = input;
    this.name = "InputError";
  }
  input;
};
function rawInput(name) {
  return getInput(name, { trimWhitespace: true });
}
var runnerInputs = rawInput;
function requiredInput(read, name, expected = "a non-empty value") {
  const value = read(name);
  if (value === "") throw new InputError(name, expected);
  return value;
}
function optionalInput(read, name) {
  const value = read(name);
  return value === "" ? void 0 : value;
}
function parseLines(raw) {
  return raw.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
}
function parseList(raw) {
  return parseLines(raw).flatMap((line) => line.split(",")).map((item) => item.trim()).filter((item) => item !== "");
}

// actions/image-promote/src/inputs.ts
var SOURCE_FORM = "host/repository:tag or host/repository@sha256:<64 hex>";
var TAG_FORM = "tags of 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
var MAX_TAGS = 100;
var tagList = array(string2().check(_regex(TAG_PATTERN))).check(_minLength(1), _maxLength(MAX_TAGS));
function readCredentials(read) {
  const password = optionalInput(read, "registry-password");
  if (password !== void 0) setSecret(password);
  const username = optionalInput(read, "registry-username");
  if (username === void 0 && password === void 0) return void 0;
  if (username === void 0)
    throw new InputError("registry-username", "a username when registry-password is set");
  if (password === void 0)
    throw new InputError("registry-password", "a password when registry-username is set");
  return { username, password };
}
function readSource(read) {
  const raw = requiredInput(read, "source", SOURCE_FORM);
  let source;
  try {
    source = parseReference(raw);
  } catch (error2) {
    if (error2 instanceof InvalidReferenceError) {
      throw new InputError("source", `${SOURCE_FORM} (${error2.reason})`, raw);
    }
    throw error2;
  }
  if (source.tag === void 0 && source.digest === void 0) {
    throw new InputError("source", `${SOURCE_FORM} (a :tag or @digest is required)`, raw);
  }
  return source;
}
function readTags(read) {
  const raw = requiredInput(read, "tags", `${TAG_FORM}, one per line or comma-separated`);
  const parsed = tagList.safeParse(parseList(raw));
  if (parsed.success) return [...new Set(parsed.data)];
  const issue3 = parsed.error.issues[0];
  const index = issue3?.path[0];
  const bad = typeof index === "number" ? parseList(raw)[index] : void 0;
  if (bad !== void 0) throw new InputError("tags", TAG_FORM, bad);
  throw new InputError("tags", `1 to ${MAX_TAGS} ${TAG_FORM}`, raw);
}
function readSettings(read = runnerInputs) {
  const credentials = readCredentials(read);
  const source = readSource(read);
  const tags = readTags(read);
  return { source, tags, ...credentials && { credentials } };
}

// actions/image-promote/src/node-fetch.ts
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
var MAX_REDIRECTS = 5;
var NodeHeaders = class {
  constructor(raw) {
    this.raw = raw;
  }
  raw;
  get(name) {
    const value = this.raw[name.toLowerCase()];
    if (value === void 0) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
  has(name) {
    return this.raw[name.toLowerCase()] !== void 0;
  }
};
var NodeResponse = class {
  constructor(message, url, redirected) {
    this.message = message;
    this.url = url;
    this.redirected = redirected;
    this.headers = new NodeHeaders(message.headers);
    this.body = {
      cancel: async () => {
        this.consumed = true;
        message.resume();
      }
    };
  }
  message;
  url;
  redirected;
  headers;
  body;
  consumed = false;
  get status() {
    return this.message.statusCode ?? 0;
  }
  get statusText() {
    return this.message.statusMessage ?? "";
  }
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  async bytes() {
    if (this.consumed) throw new TypeError("Body is unusable: the body has already been read");
    this.consumed = true;
    const chunks = [];
    for await (const chunk of this.message) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  async arrayBuffer() {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  async text() {
    return (await this.bytes()).toString("utf8");
  }
  async json() {
    return JSON.parse(await this.text());
  }
};
function once(url, init) {
  const send = url.protocol === "https:" ? httpsRequest : url.protocol === "http:" ? httpRequest : void 0;
  if (send === void 0)
    return Promise.reject(new TypeError(`fetch failed: unsupported scheme ${url.protocol}`));
  return new Promise((resolve, reject) => {
    const signal = init.signal;
    if (signal?.aborted) return reject(signal.reason);
    const req = send(url, { method: init.method ?? "GET", headers: init.headers ?? {} });
    const abort = () => {
      req.destroy(signal?.reason);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    req.on("error", (cause) => {
      signal?.removeEventListener("abort", abort);
      reject(new TypeError("fetch failed", { cause }));
    });
    req.on("response", (res) => {
      signal?.removeEventListener("abort", abort);
      if (signal) {
        const stop = () => res.destroy(signal.reason);
        signal.addEventListener("abort", stop, { once: true });
        res.once("close", () => signal.removeEventListener("abort", stop));
      }
      resolve(res);
    });
    req.end(init.body);
  });
}
async function nodeFetch(input, init = {}) {
  if (typeof input !== "string" && !(input instanceof URL)) throw new TypeError("nodeFetch takes a URL");
  let url = new URL(input);
  const headers = { ...init.headers };
  const method = (init.method ?? "GET").toUpperCase();
  for (let hops = 0; ; hops++) {
    const res = await once(url, { ...init, method, headers });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    const redirect = [301, 302, 303, 307, 308].includes(status) && location !== void 0;
    if (!redirect || init.redirect === "manual") {
      if (method === "HEAD") res.resume();
      return new NodeResponse(res, url.href, hops > 0);
    }
    res.resume();
    if (init.redirect === "error" || method !== "GET" && method !== "HEAD" || hops >= MAX_REDIRECTS) {
      throw new TypeError("fetch failed", {
        cause: new Error(`redirect to ${location} not followed for ${method} ${url.href}`)
      });
    }
    const next = new URL(location, url);
    if (next.origin !== url.origin) delete headers.authorization;
    url = next;
  }
}

// actions/image-promote/src/promote.ts
var DigestMismatchError = class extends Error {
  constructor(target, expected, actual, where) {
    super(
      `${target}: the registry's ${where} is ${actual ?? "missing"}, expected the source digest ${expected}. The registry changed the manifest bytes; check that it supports this media type unchanged.`
    );
    this.name = "DigestMismatchError";
  }
};
async function promote(store, source, tags, log = () => {
}) {
  const manifest = await store.getManifest(source);
  log(`${formatReference(source)} is ${manifest.digest} (${manifest.mediaType})`);
  const previous = /* @__PURE__ */ new Map();
  for (const tag of tags) previous.set(tag, (await store.headManifest(withTag(source, tag)))?.digest);
  const done = [];
  for (const tag of tags) {
    const target = withTag(source, tag);
    const name = formatReference(target);
    try {
      const stored = await store.putManifest(target, manifest);
      if (stored !== void 0 && stored !== manifest.digest) {
        throw new DigestMismatchError(name, manifest.digest, stored, "Docker-Content-Digest after the PUT");
      }
      const served = await store.headManifest(target);
      if (served?.digest !== manifest.digest) {
        throw new DigestMismatchError(name, manifest.digest, served?.digest, "digest for the tag");
      }
    } catch (error2) {
      if (done.length === 0) throw error2;
      const added = done.map((t) => t.tag).join(", ");
      throw new Error(`${error2.message} (tags already added: ${added})`, { cause: error2 });
    }
    done.push({ tag, previous: previous.get(tag) });
    log(`${name} \u2192 ${manifest.digest}`);
  }
  return { source, digest: manifest.digest, mediaType: manifest.mediaType, tags: done };
}

// actions/image-promote/src/summary.ts
async function writeSummary(result) {
  const code = (text) => `<code>${text}</code>`;
  await summary.addHeading("Image promoted", 3).addTable([
    [code("source"), code(formatReference(result.source))],
    [code("digest"), code(result.digest)],
    [code("media type"), code(result.mediaType)]
  ]).addTable([
    [
      { data: `tag in ${repositoryName(result.source)}`, header: true },
      { data: "before", header: true }
    ],
    ...result.tags.map(({ tag, previous }) => [
      code(tag),
      previous === void 0 ? "new tag" : previous === result.digest ? "unchanged" : `moved from ${code(previous)}`
    ])
  ]).write();
}

// actions/image-promote/src/main.ts
var defaultDeps = {
  createStore: (options) => new RegistryClient({ fetch: nodeFetch, ...options })
};
async function run(deps = defaultDeps) {
  const settings = readSettings();
  const store = deps.createStore({
    ...settings.credentials && { credentials: settings.credentials },
    onSecret: (secret) => setSecret(secret)
  });
  info(`Promoting ${formatReference(settings.source)} to tags: ${settings.tags.join(", ")}`);
  const result = await promote(store, settings.source, settings.tags, (line) => info(line));
  setOutput("digest", result.digest);
  await writeSummary(result);
}

// actions/image-promote/src/index.ts
await runAction(() => run());
