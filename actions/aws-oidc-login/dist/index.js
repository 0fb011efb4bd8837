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
      } catch (_a) {
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
function exportVariable(name, val) {
  const convertedVal = toCommandValue(val);
  process.env[name] = convertedVal;
  const filePath = process.env["GITHUB_ENV"] || "";
  if (filePath) {
    return issueFileCommand("ENV", prepareKeyValueMessage(name, val));
  }
  issueCommand("set-env", { name }, convertedVal);
}
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
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
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

// actions/aws-oidc-login/src/arn.ts
var ROLE_ARN = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/(?:([\x21-\x7e]+)\/)?([\w+=,.@-]{1,64})$/;
function parseRoleArn(arn) {
  const match = ROLE_ARN.exec(arn);
  if (!match) return void 0;
  const [, partition = "", accountId = "", path = "", name = ""] = match;
  return { partition, accountId, path, name };
}
function accountIdOf(arn) {
  return /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1];
}

// actions/aws-oidc-login/src/credentials.ts
function readSession(output) {
  const { accessKeyId, secretAccessKey, sessionToken, assumedRoleArn } = output;
  if (accessKeyId) setSecret(accessKeyId);
  if (secretAccessKey) setSecret(secretAccessKey);
  if (sessionToken) setSecret(sessionToken);
  const accountId = assumedRoleArn === void 0 ? void 0 : accountIdOf(assumedRoleArn);
  const expires = output.expiration === void 0 ? Number.NaN : Date.parse(output.expiration);
  if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expires) || !assumedRoleArn || !accountId) {
    throw new Error(
      "STS answered AssumeRoleWithWebIdentity without complete Credentials and AssumedRoleUser.Arn; check sts-endpoint."
    );
  }
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: new Date(expires).toISOString(),
    assumedRoleArn,
    accountId,
    subject: output.subject
  };
}
function exportSession(session, region) {
  exportVariable("AWS_ACCESS_KEY_ID", session.accessKeyId);
  exportVariable("AWS_SECRET_ACCESS_KEY", session.secretAccessKey);
  exportVariable("AWS_SESSION_TOKEN", session.sessionToken);
  exportVariable("AWS_REGION", region);
  exportVariable("AWS_DEFAULT_REGION", region);
  setOutput("aws-account-id", session.accountId);
  setOutput("assumed-role-arn", session.assumedRoleArn);
  setOutput("expiration", session.expiration);
}

// actions/aws-oidc-login/src/http.ts
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
var NetworkError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "NetworkError";
  }
  code;
};
var MAX_BODY = 1 << 20;
function exchange(url, options) {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const connectTimeout = options.connectTimeoutMs ?? 5e3;
  return new Promise((resolve, reject) => {
    const fail = (code, message) => {
      clearTimeout(overall);
      req.destroy();
      reject(new NetworkError(code, message));
    };
    const req = send(url, {
      // A given connection replaces the agent: used once, closed after the answer.
      ...options.connection && { createConnection: () => options.connection },
      method: options.method,
      headers: {
        ...options.headers,
        ...options.body === void 0 ? {} : { "content-length": String(Buffer.byteLength(options.body)) }
      }
    });
    const overall = setTimeout(
      () => fail("ETIMEDOUT", `no answer from ${url.host} within ${options.timeoutMs ?? 2e4} ms`),
      options.timeoutMs ?? 2e4
    );
    req.on("socket", (socket) => {
      if (!socket.connecting) return;
      const connect = setTimeout(
        () => fail("ETIMEDOUT", `could not connect to ${url.host} within ${connectTimeout} ms`),
        connectTimeout
      );
      socket.once("connect", () => clearTimeout(connect));
      socket.once("close", () => clearTimeout(connect));
    });
    req.on("error", (error2) => {
      clearTimeout(overall);
      reject(error2 instanceof NetworkError ? error2 : new NetworkError(error2.code ?? "ERR", error2.message));
    });
    req.on("response", (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY) fail("EMSGSIZE", `the answer from ${url.host} exceeds ${MAX_BODY} bytes`);
        else chunks.push(chunk);
      });
      res.on("error", (error2) => fail(error2.code ?? "ERR", error2.message));
      res.on("end", () => {
        clearTimeout(overall);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8")
        });
      });
    });
    req.end(options.body);
  });
}
function preconnect(url, tls = {}) {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const secure = url.protocol === "https:";
  const port = Number(url.port) || (secure ? 443 : 80);
  const socket = secure ? tlsConnect({
    host,
    port,
    ALPNProtocols: ["http/1.1"],
    ...isIP(host) === 0 && { servername: host },
    // Tests trust their own certificate authority; the action uses the system's.
    ...tls.ca !== void 0 && { ca: tls.ca }
  }) : tcpConnect({ host, port });
  let failed = false;
  let taken = false;
  socket.once("error", () => {
    failed = true;
  });
  return {
    take() {
      if (taken || failed || socket.destroyed) return void 0;
      taken = true;
      return socket;
    },
    release() {
      if (!taken) socket.destroy();
    }
  };
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
function parseInteger(name, raw, fallback, min, max) {
  if (raw === "") return fallback;
  const expected = `an integer from ${min} to ${max}`;
  if (!/^-?\d+$/.test(raw)) throw new InputError(name, expected, raw);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new InputError(name, expected, raw);
  return value;
}

// actions/aws-oidc-login/src/session-name.ts
var SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
var MAX = 64;
var FALLBACK = "GitHubActions";
function sanitise(text) {
  return text.replace(/[^\w+=,.@-]/g, "-");
}
function defaultSessionName(env) {
  const repository = sanitise(env.GITHUB_REPOSITORY ?? "");
  const run2 = sanitise([env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join("-")).slice(0, MAX);
  const room = run2 === "" ? MAX : MAX - run2.length - 1;
  const name = [repository.slice(0, Math.max(0, room)), run2].filter((part) => part !== "").join("-");
  return name.length >= 2 ? name : FALLBACK;
}

// actions/aws-oidc-login/src/inputs.ts
var ROLE_ARN_FORM = "an IAM role ARN like arn:aws:iam::123456789012:role/deploy";
var RULES = {
  // Region codes as AWS names them: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1.
  "aws-region": { pattern: /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/, expected: "an AWS region like eu-west-1" },
  // The audience goes into a URL query and a JWT claim: printable, no spaces.
  audience: {
    pattern: /^[\x21-\x7e]{1,256}$/,
    expected: "an audience without spaces, e.g. sts.amazonaws.com"
  },
  "role-session-name": {
    pattern: SESSION_NAME,
    expected: "2 to 64 characters from letters, digits and +=,.@_-"
  }
};
function valid(input, raw) {
  if (!RULES[input].pattern.test(raw)) throw new InputError(input, RULES[input].expected, raw);
  return raw;
}
var ENDPOINT_FORM = "an https:// URL like https://sts.eu-west-1.amazonaws.com (http:// only to this machine), without user:password, ? or #";
function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.(?:\d{1,3})\.(?:\d{1,3})\.(?:\d{1,3})$/.test(hostname);
}
function parseStsEndpoint(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError("sts-endpoint", ENDPOINT_FORM, raw);
  }
  if (url.username !== "" || url.password !== "") {
    throw new InputError("sts-endpoint", ENDPOINT_FORM, "<redacted: it holds user:password>");
  }
  const secure = url.protocol === "https:" || url.protocol === "http:" && isLoopback(url.hostname);
  if (!secure || url.hostname === "" || url.search !== "" || url.hash !== "" || /[?#]/.test(raw)) {
    throw new InputError("sts-endpoint", ENDPOINT_FORM, raw);
  }
  return raw;
}
function readSettings(read = runnerInputs, env = process.env) {
  const roleArn = requiredInput(read, "role-arn", ROLE_ARN_FORM);
  const role = parseRoleArn(roleArn);
  if (!role) throw new InputError("role-arn", ROLE_ARN_FORM, roleArn);
  const sessionName = read("role-session-name");
  const endpoint = read("sts-endpoint");
  return {
    roleArn,
    role,
    region: valid("aws-region", requiredInput(read, "aws-region", RULES["aws-region"].expected)),
    audience: valid("audience", read("audience") || "sts.amazonaws.com"),
    roleSessionName: sessionName === "" ? defaultSessionName(env) : valid("role-session-name", sessionName),
    durationSeconds: parseInteger("duration-seconds", read("duration-seconds"), 3600, 900, 43200),
    stsEndpoint: endpoint === "" ? void 0 : parseStsEndpoint(endpoint),
    retries: parseInteger("retries", read("retries"), 3, 0, 10)
  };
}

// actions/aws-oidc-login/src/oidc-token.ts
async function requestIdToken(audience, env = process.env) {
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL ?? "");
  url.searchParams.append("audience", audience);
  const answer = await exchange(url, {
    method: "GET",
    headers: {
      authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? ""}`,
      accept: "application/json",
      "user-agent": "delivery-platform/aws-oidc-login"
    }
  });
  if (answer.status !== 200) {
    throw new Error(`HTTP ${answer.status} from the token endpoint: ${answer.body.slice(0, 200)}`);
  }
  let value;
  try {
    value = JSON.parse(answer.body).value;
  } catch {
    value = void 0;
  }
  if (typeof value !== "string" || value === "") {
    throw new Error('the token endpoint answered 200 without a "value" string');
  }
  return value;
}
async function fetchOidcToken(audience, getIdToken, env = process.env) {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new Error(
      "This job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set, so the workflow lacks `permissions: id-token: write`. Add it at workflow or job level (a `permissions:` block sets every permission it does not list to none); pull requests from forks never get a token."
    );
  }
  let token;
  try {
    token = await getIdToken(audience);
  } catch (error2) {
    const message = (error2 instanceof Error ? error2.message : String(error2)).replace(/^Error message: /, "").replace(/\s+/g, " ").trim();
    throw new Error(
      `Could not get the job's OIDC token for audience '${audience}' from ACTIONS_ID_TOKEN_REQUEST_URL: ${message}. Check that the job has \`permissions: id-token: write\` (a 401 or 403 means the runner refused the job's request token).`
    );
  }
  setSecret(token);
  if (token.split(".").length !== 3) {
    throw new Error(
      "The OIDC token endpoint answered with something that is not a JWT; check ACTIONS_ID_TOKEN_REQUEST_URL."
    );
  }
  return token;
}

// actions/aws-oidc-login/src/xml.ts
var ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
function decodeXmlText(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name) => {
    if (name.startsWith("#x")) return safeCodePoint(Number.parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith("#")) return safeCodePoint(Number.parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name] ?? whole;
  });
}
function safeCodePoint(code) {
  return Number.isInteger(code) && code >= 0 && code <= 1114111 ? String.fromCodePoint(code) : void 0;
}
function xmlLeaf(document, name) {
  const match = new RegExp(
    `<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([^<]*(?:<!\\[CDATA\\[[\\s\\S]*?\\]\\]>[^<]*)*)</(?:[\\w-]+:)?${name}>`
  ).exec(document);
  if (!match) return void 0;
  const raw = match[1] ?? "";
  return raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/).map((part) => part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeXmlText(part)).join("");
}

// actions/aws-oidc-login/src/sts.ts
var StsCallError = class extends Error {
  constructor(code, status, message) {
    super(message);
    this.code = code;
    this.status = status;
    this.name = "StsCallError";
  }
  code;
  status;
};
function regionalEndpoint(region) {
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : region.startsWith("us-isob-") ? "sc2s.sgov.gov" : region.startsWith("us-iso-") ? "c2s.ic.gov" : region.startsWith("eusc-") ? "amazonaws.eu" : "amazonaws.com";
  return new URL(`https://sts.${region}.${domain}/`);
}
var callSts = async (endpoint, request, webIdentityToken, connection) => {
  const body = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    RoleArn: request.roleArn,
    RoleSessionName: request.roleSessionName,
    WebIdentityToken: webIdentityToken,
    DurationSeconds: String(request.durationSeconds)
  }).toString();
  const answer = await exchange(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      accept: "text/xml",
      "user-agent": "delivery-platform/aws-oidc-login"
    },
    body,
    connection
  });
  if (answer.status !== 200) {
    const code = xmlLeaf(answer.body, "Code") ?? "HttpError";
    const message = xmlLeaf(answer.body, "Message") ?? `HTTP ${answer.status} without an STS error document`;
    throw new StsCallError(code, answer.status, message);
  }
  return {
    accessKeyId: xmlLeaf(answer.body, "AccessKeyId"),
    secretAccessKey: xmlLeaf(answer.body, "SecretAccessKey"),
    sessionToken: xmlLeaf(answer.body, "SessionToken"),
    expiration: xmlLeaf(answer.body, "Expiration"),
    assumedRoleArn: xmlLeaf(answer.body, "Arn"),
    subject: xmlLeaf(answer.body, "SubjectFromWebIdentityToken")
  };
};
function stsErrorCode(error2) {
  if (error2 instanceof StsCallError || error2 instanceof NetworkError) return error2.code;
  return error2 instanceof Error ? error2.name : "Error";
}
var RETRYABLE_CODES = /* @__PURE__ */ new Set([
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "IDPCommunicationError"
]);
function isRetryableStsError(error2) {
  if (error2 instanceof NetworkError) return true;
  if (!(error2 instanceof StsCallError)) return false;
  return RETRYABLE_CODES.has(error2.code) || error2.status >= 500;
}
var ADVICE = {
  AccessDenied: "check the role's trust policy: Principal.Federated must be the account's token.actions.githubusercontent.com OIDC provider, the 'token.actions.githubusercontent.com:aud' condition must equal the audience input, and the 'token.actions.githubusercontent.com:sub' condition must match this workflow (repo:<owner>/<repo>:ref:\u2026, :environment:\u2026, or :pull_request); also check the role ARN",
  InvalidIdentityToken: "check that an IAM OIDC provider for https://token.actions.githubusercontent.com exists in the role's account, that its audiences include the audience input, and that the token was issued to this job",
  IDPRejectedClaim: "check the trust policy's conditions against the token's claims (sub, aud, repository, environment)",
  ExpiredTokenException: "the OIDC token expired before STS saw it; re-run the job, and check the runner clock",
  IDPCommunicationError: "STS could not reach GitHub to verify the token; this is usually transient, re-run the job",
  MalformedPolicyDocument: "check the role's session policy and tags",
  PackedPolicyTooLarge: "check the size of session policies and session tags",
  RegionDisabledException: "activate STS in this region (IAM account settings) or choose another aws-region",
  ValidationError: "check duration-seconds against the role's maximum session duration, and role-session-name"
};
var StsError = class extends Error {
  constructor(code, status, attempts, stsMessage, roleArn) {
    const advice = ADVICE[code] ?? (status === void 0 || status >= 500 ? "STS or the network failed; re-run the job, and check sts-endpoint if set" : "check role-arn, the trust policy and the inputs");
    super(
      `STS AssumeRoleWithWebIdentity failed for ${roleArn} after ${attempts} attempt(s): ${code}${status === void 0 ? "" : ` (HTTP ${status})`}: ${stsMessage}. To fix: ${advice}.`
    );
    this.code = code;
    this.status = status;
    this.attempts = attempts;
    this.name = "StsError";
  }
  code;
  status;
  attempts;
};
function toStsError(error2, attempts, roleArn) {
  return new StsError(
    stsErrorCode(error2),
    error2 instanceof StsCallError ? error2.status : void 0,
    attempts,
    error2 instanceof Error ? error2.message : String(error2),
    roleArn
  );
}
async function assumeRole(call, roleArn, policy) {
  let calls = 0;
  try {
    const output = await withRetries(
      () => {
        calls++;
        return call();
      },
      {
        retries: policy.retries,
        isRetryable: isRetryableStsError,
        backoff: policy.backoff,
        onRetry: (error2, retry, delay) => warning(
          `STS call failed with ${stsErrorCode(error2)}; retry ${retry} of ${policy.retries} in ${delay} ms`
        )
      }
    );
    return { output, calls };
  } catch (error2) {
    throw toStsError(error2, calls, roleArn);
  }
}

// actions/aws-oidc-login/src/summary.ts
async function writeSummary(settings, session, attempts) {
  await summary.addHeading("AWS OIDC login", 3).addTable([
    [
      { data: "assumed role", header: true },
      { data: "account", header: true },
      { data: "region", header: true },
      { data: "expires", header: true },
      { data: "STS calls", header: true }
    ],
    [session.assumedRoleArn, session.accountId, settings.region, session.expiration, String(attempts)]
  ]).addRaw(
    session.subject === void 0 ? "" : `Token subject: <code>${escapeHtml(session.subject)}</code>`,
    true
  ).write();
}
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// actions/aws-oidc-login/src/main.ts
var defaultDeps = {
  getIdToken: (audience) => requestIdToken(audience),
  callSts,
  preconnect,
  backoff: defaultBackoff()
};
async function run(deps = defaultDeps) {
  const settings = readSettings();
  const endpoint = settings.stsEndpoint === void 0 ? regionalEndpoint(settings.region) : new URL(settings.stsEndpoint);
  const early = process.env.ACTIONS_ID_TOKEN_REQUEST_URL ? deps.preconnect(endpoint) : void 0;
  let output;
  let calls;
  try {
    const token = await fetchOidcToken(settings.audience, deps.getIdToken);
    const policy = { retries: settings.retries, backoff: deps.backoff };
    ({ output, calls } = await assumeRole(
      () => deps.callSts(endpoint, settings, token, early?.take()),
      settings.roleArn,
      policy
    ));
  } finally {
    early?.release();
  }
  const session = readSession(output);
  exportSession(session, settings.region);
  info(`Assumed ${session.assumedRoleArn} until ${session.expiration}.`);
  await writeSummary(settings, session, calls);
  return { session, stsCalls: calls };
}

// actions/aws-oidc-login/src/index.ts
await runAction(async () => {
  await run();
});
