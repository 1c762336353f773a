/**
 * The text of a project configuration file (`.gatewarden.yaml`, `.yml`, `.json`, or the
 * `gatewarden` key of a package.json) → a validated `ProjectConfig`, or problems with
 * offsets. Pure: finding and reading the file is the shells' job (server/src/config). It
 * goes through the core's own parsers, so every problem has an exact range.
 */
import type { DocumentFormat, SeveritySetting } from '../types';
import { findProperty, type DocNode, type ObjectNode, type PropertyNode } from '../model/node';
import { parseJson } from '../model/parse-json';
import { parseYaml } from '../model/parse-yaml';
import { formatMessage } from '../rules/define';
import { RULES_BY_ID } from '../rules';
import { closestMatch } from '../util/similar';
import { describePathGlobError, parsePathGlob } from '../util/path-glob';
import { parseMethodPattern, type AccessAssertion } from '../access/expect';

/** A project's configuration; the defaults are what an absent key means. */
export interface ProjectConfig {
  /** Severity per rule id, over each rule's default. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Glob patterns, relative to the configuration file's folder, of files never checked. */
  readonly ignore: readonly string[];
  /** Per-file severities; every entry whose globs match a file applies, later ones winning. */
  readonly overrides: readonly ConfigOverride[];
  /** API id → the template resource or OpenAPI file that defines the API (for the access matrix). */
  readonly apis: Readonly<Record<string, ApiDefinitionRef>>;
  /** Stage names that count as production; `undefined` when the file does not say. */
  readonly productionStages: readonly string[] | undefined;
  /** Where templates deploy: account, region and stage names per environment (for the access matrix). */
  readonly environments: readonly EnvironmentConfig[];
  /** What must always hold of the access matrix (`access.expect`), in the order written. */
  readonly access: { readonly expect: readonly AccessAssertion[] };
}

/**
 * One environment: the templates deployed to it (globs or paths, relative to the configuration
 * file's folder, as in `ignore`), the account and region they deploy to, and the stage names
 * their APIs take there. A template may be listed in several environments (the same stack
 * deployed to dev and prod); an absent account or region stays unknown.
 */
export interface EnvironmentConfig {
  /** The key it is written under (`dev`, `prod` …). */
  readonly name: string;
  readonly files: readonly string[];
  /** 12 digits. */
  readonly account: string | undefined;
  readonly region: string | undefined;
  /** Stage names its APIs are deployed with; empty when the templates' own stages apply. */
  readonly stages: readonly string[];
}

export interface ConfigOverride {
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

/** `path/to/template.yaml#LogicalId`, or a file alone for an OpenAPI definition. */
export interface ApiDefinitionRef {
  /** Relative to the configuration file's folder, as written. */
  readonly file: string;
  readonly logicalId: string | undefined;
}

/** `unreadable`: raised by the shells, for a configuration file that is there but was not read. */
export type ConfigProblemCode = 'syntax' | 'notObject' | 'unknownKey' | 'wrongType' | 'unknownRule' | 'badSeverity' | 'badApi' | 'badGlob' | 'unreadable' | 'badEnvironment' | 'badAssertion';

export interface ConfigProblem {
  readonly code: ConfigProblemCode;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

export interface ParsedProjectConfig {
  /** `undefined` for a package.json without a `gatewarden` key: it is no configuration. */
  readonly config: ProjectConfig | undefined;
  readonly problems: readonly ConfigProblem[];
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = { rules: {}, ignore: [], overrides: [], apis: {}, productionStages: undefined, environments: [], access: { expect: [] } };

const TOP_KEYS = ['$schema', 'rules', 'ignore', 'overrides', 'apis', 'productionStages', 'environments', 'access'];
const ACCESS_KEYS = ['expect'];
/** Each assertion kind and the keys its mapping takes (all required). */
const ASSERTION_KEYS: Readonly<Record<AccessAssertion['kind'], readonly string[]>> = { deny: ['principal', 'method'], only: ['method', 'principals'], public: ['methods'], separate: ['stages', 'from'] };
const ENVIRONMENT_KEYS = ['files', 'account', 'region', 'stages'];
const ACCOUNT = /^\d{12}$/;
// Every region name AWS has used: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const OVERRIDE_KEYS = ['files', 'rules'];

/**
 * The keys the configuration accepts, at the top and in each nested object. The JSON Schema
 * (schemas/gatewarden-config.schema.json) declares the same; a test keeps them in step.
 */
export const CONFIG_KEYS: { readonly top: readonly string[]; readonly environment: readonly string[]; readonly override: readonly string[] } = {
  top: TOP_KEYS,
  environment: ENVIRONMENT_KEYS,
  override: OVERRIDE_KEYS,
};
const SEVERITIES: readonly string[] = ['off', 'info', 'warning', 'error'];
const LOGICAL_ID = /^[A-Za-z0-9]+$/;

export function parseProjectConfig(text: string, source: { readonly format: DocumentFormat; readonly packageJson?: boolean }): ParsedProjectConfig {
  const problems: ConfigProblem[] = [];
  const parsed = source.format === 'json' ? asStream(parseJson(text)) : parseYaml(text);
  let node: DocNode | undefined = parsed.roots[0];
  if (source.packageJson) {
    const entry = findProperty(node, 'gatewarden');
    if (!entry) {
      return { config: undefined, problems: [] };
    }
    node = entry.value;
  }
  for (const raw of parsed.findings) {
    const template = (RULES_BY_ID.get(raw.ruleId)?.messages as Record<string, string> | undefined)?.[raw.messageId] ?? raw.messageId;
    problems.push({ code: 'syntax', message: formatMessage(template, raw.data), offset: raw.offset, length: raw.length });
  }
  if (parsed.roots.length > 1) {
    problems.push({ code: 'notObject', message: 'A configuration file holds one YAML document, not several.', offset: 0, length: 0 });
  }
  // An empty file (or `gatewarden: {}`) is a valid configuration that sets nothing.
  if (!node || node.kind === 'null') {
    return { config: EMPTY_PROJECT_CONFIG, problems };
  }
  const v = new Validator(problems, text);
  const top = v.object(node, 'The configuration');
  if (!top) {
    return { config: EMPTY_PROJECT_CONFIG, problems };
  }
  v.knownKeys(top, TOP_KEYS, 'a configuration key');
  const config: ProjectConfig = {
    rules: v.rules(findProperty(top, 'rules')),
    ignore: v.globs(findProperty(top, 'ignore')) ?? [],
    overrides: v.overrides(findProperty(top, 'overrides')),
    apis: v.apis(findProperty(top, 'apis')),
    productionStages: v.strings(findProperty(top, 'productionStages')),
    environments: v.environments(findProperty(top, 'environments')),
    access: { expect: v.access(findProperty(top, 'access')) },
  };
  return { config, problems };
}

/**
 * The `gatewarden.environments` setting (an object, as VS Code hands it over) validated like
 * the configuration file's `environments`. A setting has no text of its own, so the problems'
 * offsets are into its JSON rendering; their messages are what counts.
 */
export function parseEnvironmentsSetting(value: unknown): { readonly environments: readonly EnvironmentConfig[]; readonly problems: readonly ConfigProblem[] } {
  if (value === undefined || value === null) {
    return { environments: [], problems: [] };
  }
  const problems: ConfigProblem[] = [];
  const json = JSON.stringify({ environments: value });
  const { root } = parseJson(json);
  const environments = new Validator(problems, json).environments(findProperty(root, 'environments'));
  return { environments, problems };
}

function asStream(json: ReturnType<typeof parseJson>): { roots: (DocNode | undefined)[]; findings: ReturnType<typeof parseJson>['findings'] } {
  return { roots: [json.root], findings: json.findings };
}

/** Collects every problem instead of stopping at the first, as a linter should. */
class Validator {
  constructor(
    private readonly problems: ConfigProblem[],
    private readonly text: string,
  ) {}

  object(node: DocNode, what: string): ObjectNode | undefined {
    if (node.kind === 'object') {
      return node;
    }
    this.add('notObject', `${what} must be a mapping of keys to values.`, node);
    return undefined;
  }

  knownKeys(obj: ObjectNode, allowed: readonly string[], what: string): void {
    for (const p of obj.properties) {
      if (!allowed.includes(p.key)) {
        const suggestion = closestMatch(p.key, allowed);
        const hint = suggestion ? `did you mean "${suggestion}"?` : `allowed: ${allowed.filter((k) => k !== '$schema').join(', ')}.`;
        this.addKey('unknownKey', `"${p.key}" is not ${what}; ${hint}`, p);
      }
    }
  }

  rules(prop: PropertyNode | undefined): Record<string, SeveritySetting> {
    const out: Record<string, SeveritySetting> = {};
    const obj = prop && this.object(prop.value, `"${prop.key}"`);
    for (const p of obj?.properties ?? []) {
      if (!RULES_BY_ID.has(p.key)) {
        const suggestion = closestMatch(p.key, RULES_BY_ID.keys());
        this.addKey('unknownRule', `"${p.key}" is not a Gatewarden rule id${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, p);
      } else if (p.value.kind !== 'string' || !SEVERITIES.includes(p.value.value as string)) {
        this.add('badSeverity', `The severity of "${p.key}" must be one of ${SEVERITIES.join(', ')}.`, p.value);
      } else {
        out[p.key] = p.value.value as SeveritySetting;
      }
    }
    return out;
  }

  /** A list of non-empty strings; a single string is taken as a list of one. */
  strings(prop: PropertyNode | undefined): string[] | undefined {
    if (!prop) {
      return undefined;
    }
    const items = prop.value.kind === 'array' ? prop.value.items : [prop.value];
    const out: string[] = [];
    for (const item of items) {
      if (item.kind === 'string' && (item.value as string).trim() !== '') {
        out.push(item.value as string);
      } else {
        this.add('wrongType', `"${prop.key}" must be a list of non-empty strings.`, item);
      }
    }
    return out;
  }

  /**
   * A list of path globs: an invalid pattern is a problem at the character that makes it
   * invalid (at the entry when the scalar's source text is not the pattern itself, as with
   * escapes), and the message names the offset within the pattern.
   */
  globs(prop: PropertyNode | undefined): string[] | undefined {
    const values = this.strings(prop);
    if (!prop || !values) {
      return values;
    }
    const items = prop.value.kind === 'array' ? prop.value.items : [prop.value];
    for (const item of items) {
      if (item.kind !== 'string') {
        continue;
      }
      const pattern = item.value as string;
      const parsed = parsePathGlob(pattern);
      if ('error' in parsed) {
        const { offset, length } = parsed.error;
        const source = this.text.slice(item.offset, item.offset + item.length);
        const quoted = source.length === pattern.length + 2 && source.slice(1, -1) === pattern;
        const start = source === pattern ? item.offset : quoted ? item.offset + 1 : undefined;
        const at = start === undefined ? { offset: item.offset, length: item.length } : { offset: start + offset, length: Math.max(1, length) };
        this.problems.push({ code: 'badGlob', message: describePathGlobError(pattern, parsed.error), ...at });
      }
    }
    return values;
  }

  overrides(prop: PropertyNode | undefined): ConfigOverride[] {
    if (!prop) {
      return [];
    }
    if (prop.value.kind !== 'array') {
      this.add('wrongType', '"overrides" must be a list of {files, rules} entries.', prop.value);
      return [];
    }
    const out: ConfigOverride[] = [];
    for (const item of prop.value.items) {
      const obj = this.object(item, 'Each "overrides" entry');
      if (!obj) {
        continue;
      }
      this.knownKeys(obj, OVERRIDE_KEYS, 'an "overrides" key');
      const files = this.globs(findProperty(obj, 'files'));
      if (!files || files.length === 0) {
        this.add('wrongType', 'Each "overrides" entry needs "files": a list of glob patterns.', obj);
      }
      out.push({ files: files ?? [], rules: this.rules(findProperty(obj, 'rules')) });
    }
    return out;
  }

  apis(prop: PropertyNode | undefined): Record<string, ApiDefinitionRef> {
    const out: Record<string, ApiDefinitionRef> = {};
    const obj = prop && this.object(prop.value, '"apis"');
    for (const p of obj?.properties ?? []) {
      if (p.key.trim() === '' || /[\s/]/.test(p.key)) {
        this.addKey('badApi', `"${p.key}" is not an API id: it must be non-empty, without spaces or slashes.`, p);
        continue;
      }
      const value = p.value.kind === 'string' ? (p.value.value as string) : undefined;
      const hash = value?.indexOf('#') ?? -1;
      const file = value === undefined ? '' : hash === -1 ? value : value.slice(0, hash);
      const logicalId = value !== undefined && hash !== -1 ? value.slice(hash + 1) : undefined;
      if (file.trim() === '' || (logicalId !== undefined && !LOGICAL_ID.test(logicalId))) {
        this.add('badApi', `The definition of API "${p.key}" must read "path/to/template.yaml#LogicalId" (or a path alone for an OpenAPI file).`, p.value);
        continue;
      }
      out[p.key] = { file, logicalId };
    }
    return out;
  }

  /** `environments: {name: {files, account, region, stages}}`. */
  environments(prop: PropertyNode | undefined): EnvironmentConfig[] {
    const out: EnvironmentConfig[] = [];
    const obj = prop && this.object(prop.value, '"environments"');
    for (const p of obj?.properties ?? []) {
      const entry = this.object(p.value, `Environment "${p.key}"`);
      if (!entry) {
        continue;
      }
      this.knownKeys(entry, ENVIRONMENT_KEYS, 'an environment key');
      // Globs as in `ignore`, checked the same way.
      const files = this.globs(findProperty(entry, 'files'));
      if (!files || files.length === 0) {
        this.addKey('badEnvironment', `Environment "${p.key}" needs "files": the templates (globs or paths) that deploy to it.`, p);
      }
      const account = this.matching(findProperty(entry, 'account'), ACCOUNT, 'an AWS account id: 12 digits, quoted ("012345678901")');
      const region = this.matching(findProperty(entry, 'region'), REGION, 'an AWS region name such as "us-east-1"');
      out.push({ name: p.key, files: files ?? [], account, region, stages: this.strings(findProperty(entry, 'stages')) ?? [] });
    }
    return out;
  }

  /**
   * `access: {expect: [...]}`: each item a mapping with one key, the assertion's kind, whose
   * value holds that kind's keys. A broken item is a problem at what breaks it and is left
   * out; the others still apply.
   */
  access(prop: PropertyNode | undefined): AccessAssertion[] {
    const obj = prop && this.object(prop.value, '"access"');
    if (!obj) {
      return [];
    }
    this.knownKeys(obj, ACCESS_KEYS, 'an "access" key');
    const list = findProperty(obj, 'expect');
    if (!list) {
      return [];
    }
    if (list.value.kind !== 'array') {
      this.add('badAssertion', '"expect" must be a list of assertions: deny, only, public or separate.', list.value);
      return [];
    }
    const out: AccessAssertion[] = [];
    list.value.items.forEach((item, index) => {
      const assertion = this.assertion(item, index);
      if (assertion) {
        out.push(assertion);
      }
    });
    return out;
  }

  private assertion(item: DocNode, index: number): AccessAssertion | undefined {
    const kinds = Object.keys(ASSERTION_KEYS);
    if (item.kind !== 'object' || item.properties.length === 0) {
      this.add('badAssertion', `Each assertion is a mapping with one key, its kind: ${kinds.join(', ')}.`, item);
      return undefined;
    }
    if (item.properties.length > 1) {
      this.addKey('badAssertion', `An assertion has one kind; "${item.properties[1]!.key}" begins another: make it an item of its own.`, item.properties[1]!);
      return undefined;
    }
    const entry = item.properties[0]!;
    const kind = entry.key as AccessAssertion['kind'];
    if (!kinds.includes(kind)) {
      const suggestion = closestMatch(entry.key, kinds);
      this.addKey('badAssertion', `"${entry.key}" is not an assertion kind; ${suggestion ? `did you mean "${suggestion}"?` : `use one of ${kinds.join(', ')}.`}`, entry);
      return undefined;
    }
    const body = entry.value.kind === 'object' ? entry.value : undefined;
    if (!body) {
      this.add('badAssertion', `A "${kind}" assertion takes a mapping of ${ASSERTION_KEYS[kind].join(' and ')}.`, entry.value);
      return undefined;
    }
    const before = this.problems.length;
    this.knownKeys(body, ASSERTION_KEYS[kind], `a "${kind}" key`);
    for (const key of ASSERTION_KEYS[kind]) {
      if (!findProperty(body, key)) {
        this.addKey('badAssertion', `The "${kind}" assertion needs "${key}".`, entry);
      }
    }
    const source = { index, offset: item.offset, length: item.length };
    const one = (key: string, what: 'principal' | 'method'): string => {
      const p = findProperty(body, key);
      if (!p) {
        return '';
      }
      if (p.value.kind !== 'string' || (p.value.value as string).trim() === '') {
        this.add('badAssertion', `"${key}" must be a non-empty string.`, p.value);
        return '';
      }
      return what === 'method' ? this.methodPattern(p.value) : (p.value.value as string);
    };
    const many = (key: string, what: 'principal' | 'method' | 'stage'): string[] => {
      const p = findProperty(body, key);
      if (!p) {
        return [];
      }
      if (p.value.kind !== 'array') {
        this.add('badAssertion', `"${key}" must be a list.`, p.value);
        return [];
      }
      return p.value.items.map((n) => {
        if (n.kind !== 'string' || (n.value as string).trim() === '') {
          this.add('badAssertion', `Each entry of "${key}" must be a non-empty string.`, n);
          return '';
        }
        return what === 'method' ? this.methodPattern(n) : (n.value as string);
      });
    };
    let assertion: AccessAssertion;
    switch (kind) {
      case 'deny':
        assertion = { kind, principal: one('principal', 'principal'), method: one('method', 'method'), ...source };
        break;
      case 'only':
        assertion = { kind, method: one('method', 'method'), principals: many('principals', 'principal'), ...source };
        if (findProperty(body, 'principals')?.value.kind === 'array' && assertion.principals.length === 0) {
          this.add('badAssertion', '"principals" lists no principal: name the ones that may invoke the methods.', findProperty(body, 'principals')!.value);
        }
        break;
      case 'public':
        assertion = { kind, methods: many('methods', 'method'), ...source };
        break;
      case 'separate':
        assertion = { kind, stages: many('stages', 'stage'), from: many('from', 'stage'), ...source };
        for (const key of ['stages', 'from']) {
          const p = findProperty(body, key);
          if (p?.value.kind === 'array' && p.value.items.length === 0) {
            this.add('badAssertion', `"${key}" lists no stage or environment.`, p.value);
          }
        }
        break;
    }
    return this.problems.length === before ? assertion : undefined;
  }

  /** A `VERB /path` method pattern; a problem at the value when it is not one. */
  private methodPattern(node: DocNode): string {
    const text = node.kind === 'string' ? (node.value as string) : '';
    if (!parseMethodPattern(text)) {
      this.add('badAssertion', `"${text}" is not a method pattern: write "VERB /path" (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY or *; the path starts with / and may hold *), or * for every method.`, node);
      return '';
    }
    return text.trim();
  }

  /** A string that matches `pattern`. A number is refused too: YAML drops an account id's leading zeros. */
  private matching(prop: PropertyNode | undefined, pattern: RegExp, what: string): string | undefined {
    if (!prop) {
      return undefined;
    }
    if (prop.value.kind === 'string' && pattern.test(prop.value.value as string)) {
      return prop.value.value as string;
    }
    this.add('badEnvironment', `"${prop.key}" must be ${what}.`, prop.value);
    return undefined;
  }

  private add(code: ConfigProblemCode, message: string, node: DocNode): void {
    this.problems.push({ code, message, offset: node.offset, length: node.length });
  }

  private addKey(code: ConfigProblemCode, message: string, prop: PropertyNode): void {
    this.problems.push({ code, message, offset: prop.keyOffset, length: prop.keyLength });
  }
}
