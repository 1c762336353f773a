import type { DocNode, IntrinsicNode, ObjectNode } from './node';

/**
 * CloudFormation intrinsic functions, by long name, with their YAML short-form tags.
 * `Fn::Transform` has the short form `!Transform`; `Condition` is only a function inside
 * the condition functions, so its long form is left as an ordinary key.
 */
export const INTRINSIC_FUNCTIONS: readonly string[] = [
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::Transform',
  'Fn::And',
  'Fn::Equals',
  'Fn::If',
  'Fn::Not',
  'Fn::Or',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::ForEach',
];

const LONG_FORM_KEYS = new Set(INTRINSIC_FUNCTIONS.filter((f) => f !== 'Condition'));

/** Whether a single-key object `{key: …}` is the long form of an intrinsic function. */
export function isIntrinsicName(key: string): boolean {
  return LONG_FORM_KEYS.has(key);
}

/** `!Sub` → `Fn::Sub`, `!Ref` → `Ref`, `!Condition` → `Condition`. */
export function longNameOfTag(tag: string): string | undefined {
  const name = tag.startsWith('!') ? tag.slice(1) : tag;
  if (name === 'Ref' || name === 'Condition') {
    return name;
  }
  const fn = `Fn::${name}`;
  return LONG_FORM_KEYS.has(fn) ? fn : undefined;
}

/** The YAML short-form tags, `!Ref` … `!Transform`. */
export const SHORT_FORM_TAGS: readonly string[] = INTRINSIC_FUNCTIONS.filter((f) => f !== 'Fn::ForEach').map((f) =>
  f.startsWith('Fn::') ? `!${f.slice(4)}` : `!${f}`,
);

const SHORT_FORMS: ReadonlySet<string> = new Set(SHORT_FORM_TAGS);

/**
 * The function a short-form tag writes, for the tags parse-yaml.ts declares to `yaml` (so
 * not `!ForEach`, which the composer reports as an unresolved tag); undefined for others.
 */
export function shortFormFunction(tag: string): string | undefined {
  return SHORT_FORMS.has(tag) ? longNameOfTag(tag) : undefined;
}

/**
 * `{"Ref": "x"}` and `{"Fn::Sub": …}` (in JSON or YAML) become intrinsic nodes, the same
 * node YAML's `!Ref x` gives. Sets the parent links of the object's values either way.
 */
export function wrapLongFormIntrinsic(obj: ObjectNode): DocNode {
  if (obj.properties.length === 1) {
    const prop = obj.properties[0]!;
    if (isIntrinsicName(prop.key)) {
      const node: IntrinsicNode = {
        kind: 'intrinsic',
        offset: obj.offset,
        length: obj.length,
        fn: prop.key,
        arg: prop.value,
        shortForm: false,
        keyOffset: prop.keyOffset,
        keyLength: prop.keyLength,
        parent: obj.parent,
      };
      prop.value.parent = node;
      return node;
    }
  }
  for (const p of obj.properties) {
    p.value.parent = obj;
  }
  return obj;
}

/**
 * The node of a short-form intrinsic (`!Sub x`): the tag's function around `arg`, starting at
 * the tag. The parser's ranges start at the value, so the tag is found by its text before it.
 */
export function shortFormNode(text: string, fn: string, tag: string, arg: DocNode): IntrinsicNode {
  const tagOffset = text.lastIndexOf(tag, arg.offset);
  const keyOffset = tagOffset >= 0 ? tagOffset : arg.offset;
  const node: IntrinsicNode = {
    kind: 'intrinsic',
    offset: keyOffset,
    length: arg.offset + arg.length - keyOffset,
    fn,
    arg,
    shortForm: true,
    keyOffset,
    keyLength: tagOffset >= 0 ? tag.length : 0,
    parent: undefined,
  };
  arg.parent = node;
  return node;
}
