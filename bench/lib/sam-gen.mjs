// Generated SAM applications for the scale benchmarks, and the keystrokes typed into them.
//
// A template is made of units, each a small service: four functions with two Api events each
// (one on PublicApi, one on AdminApi, both AWS::Serverless::Api with `Auth: DefaultAuthorizer:
// AWS_IAM`), a DynamoDB table, a String parameter, an IAM role whose inline policy grants
// execute-api:Invoke on the unit's routes (one role in ten on both whole stages), and an
// output with the role's ARN. Units are added until the template reaches the wanted number of
// lines (or characters), so every size has the same shape and density.
//
// The keystrokes imitate a user typing: a burst of single-character insertions at one place,
// then as many backspaces, then the next burst somewhere else. Every burst therefore leaves
// the text as generated, and so does every whole sequence; test/bench/sam-gen.test.ts checks
// this and that the templates parse without syntax findings, so the bench cannot silently
// time a broken file.

/** The template sizes the bench measures, by name. */
export const SIZES = { '1k': 1000, '5k': 5000, '10k': 10000, '20k': 20000, '40k': 40000 };

/** The edit kinds, in the order a sequence rotates over them. */
export const EDIT_KINDS = ['policy', 'name', 'parameter', 'route', 'text'];

/** What each kind edits, for tables. */
export const EDIT_KIND_LABELS = {
  policy: 'policy line (Action or Resource of a role grant)',
  name: "resource's logical name (role or function key)",
  parameter: 'Parameters entry (Default value)',
  route: 'API route (Path of an Api event)',
  text: 'plain text (a Description)',
};

const FUNCTIONS_PER_UNIT = 4;

/**
 * A SAM template of at least `lines` lines, or, with `maxChars`, the largest whole number of
 * units whose text stays under `maxChars` characters.
 */
export function samApplication({ lines: wantedLines = 1000, maxChars } = {}) {
  const units = [];
  let lineCount = HEADER_LINES + OUTPUTS_HEADER_LINES;
  let charCount = 0;
  for (let u = 0; ; u++) {
    const unit = unitParts(u);
    const unitLines = unit.parameter.length + unit.resources.length + unit.outputs.length;
    const unitChars = [...unit.parameter, ...unit.resources, ...unit.outputs].reduce((n, l) => n + l.length + 1, 0);
    if (maxChars !== undefined ? charCount + unitChars > maxChars - 4000 : lineCount >= wantedLines) {
      break;
    }
    units.push(unit);
    lineCount += unitLines;
    charCount += unitChars;
  }
  const out = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    `Description: Generated bench application with ${units.length * FUNCTIONS_PER_UNIT} functions`,
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: prod',
    '    AllowedValues: [prod, staging, dev]',
    '  LogLevel:',
    '    Type: String',
    '    Default: info',
    ...units.flatMap((u) => u.parameter),
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 10',
    '    MemorySize: 256',
    '    Environment:',
    '      Variables:',
    '        STAGE: !Ref Stage',
    '        LOG_LEVEL: !Ref LogLevel',
    'Resources:',
    ...api('PublicApi', 'The public API, called by other services with IAM credentials'),
    ...api('AdminApi', 'The admin API, for operators'),
    ...units.flatMap((u) => u.resources),
    'Outputs:',
    '  PublicApiUrl:',
    '    Description: Base URL of the public API',
    '    Value: !Sub https://${PublicApi}.execute-api.${AWS::Region}.amazonaws.com/${Stage}/',
    ...units.flatMap((u) => u.outputs),
  ];
  return `${out.join('\n')}\n`;
}

// Lines outside the units: the header through `Resources:` and both APIs, and the first output.
const HEADER_LINES = 22 + 2 * 12;
const OUTPUTS_HEADER_LINES = 4;

function api(name, description) {
  return [
    `  ${name}:`,
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: !Ref Stage',
    `      Description: ${description}`,
    '      TracingEnabled: true',
    '      Auth:',
    '        DefaultAuthorizer: AWS_IAM',
    '      MethodSettings:',
    '        - ResourcePath: "/*"',
    '          HttpMethod: "*"',
    '          ThrottlingRateLimit: 100',
  ];
}

const NOUNS = ['order', 'invoice', 'customer', 'shipment', 'payment', 'catalog', 'review', 'report'];

/** One unit: its Parameters entry, its resources and its output, as lines. */
function unitParts(u) {
  const parameter = [`  Tier${u}:`, '    Type: String', `    Default: standard`, `    Description: Service tier of unit ${u}`];
  const resources = [];
  const first = u * FUNCTIONS_PER_UNIT;
  for (let f = first; f < first + FUNCTIONS_PER_UNIT; f++) {
    const noun = NOUNS[f % NOUNS.length];
    resources.push(
      `  Fn${f}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Description: Handles the ${noun} requests of unit ${u}`,
      `      Handler: src/fn${f}.handler`,
      '      CodeUri: src/',
      '      Tracing: Active',
      '      Environment:',
      '        Variables:',
      `          TABLE: !Ref Table${u}`,
      `          TIER: !Ref Tier${u}`,
      `          FN_INDEX: "${f}"`,
      '      Policies:',
      '        - DynamoDBCrudPolicy:',
      `            TableName: !Ref Table${u}`,
      '        - Version: "2012-10-17"',
      '          Statement:',
      '            - Effect: Allow',
      '              Action: [s3:GetObject, s3:PutObject]',
      `              Resource: !Sub arn:aws:s3:::bench-\${Stage}-${noun}-${f}/*`,
      '      Events:',
      `        Get${f}:`,
      '          Type: Api',
      '          Properties:',
      '            RestApiId: !Ref PublicApi',
      `            Path: /r${f}/items/{id}`,
      '            Method: get',
      `        Post${f}:`,
      '          Type: Api',
      '          Properties:',
      '            RestApiId: !Ref AdminApi',
      `            Path: /r${f}/items`,
      '            Method: post',
    );
  }
  resources.push(
    `  Table${u}:`,
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]',
    '      KeySchema: [{AttributeName: id, KeyType: HASH}]',
  );
  const arn = (apiName, rest) => `!Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiName}}/\${Stage}/${rest}`;
  // Each role may call its unit's routes; one in ten may call every route of both stages.
  const functions = [...Array(FUNCTIONS_PER_UNIT).keys()].map((i) => first + i);
  const wide = u % 10 === 9;
  const reads = wide ? [arn('PublicApi', '*')] : functions.map((f) => arn('PublicApi', `GET/r${f}/items/*`));
  const writes = wide ? [arn('AdminApi', '*')] : functions.map((f) => arn('AdminApi', `POST/r${f}/items`));
  resources.push(
    `  Caller${u}:`,
    '    Type: AWS::IAM::Role',
    '    Properties:',
    `      Description: Calls the routes of unit ${u}`,
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    '              Service: lambda.amazonaws.com',
    '            Action: sts:AssumeRole',
    '      Policies:',
    `        - PolicyName: invoke-unit-${u}`,
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Sid: InvokeReads',
    '                Effect: Allow',
    '                Action: execute-api:Invoke',
    '                Resource:',
    ...reads.map((r) => `                  - ${r}`),
    '              - Sid: InvokeWrites',
    '                Effect: Allow',
    '                Action: execute-api:Invoke',
    '                Resource:',
    ...writes.map((r) => `                  - ${r}`),
  );
  const outputs = [`  Caller${u}Arn:`, `    Description: Role that calls unit ${u}`, `    Value: !GetAtt Caller${u}.Arn`];
  return { parameter, resources, outputs };
}

/**
 * Where each kind's bursts type, as offsets into `text`: the place just after the matched
 * prefix. Two shapes per kind where the kind has two (a Resource and an Action; a role and a
 * function), alternating by burst, so both are measured.
 */
const PLACES = {
  policy: [/^ {18}- !Sub arn:aws:execute-api:.*\/GET\/r\d+/gm, /^ {16}Action: execute-api:Invoke/gm],
  name: [/^ {2}Caller\d+(?=:$)/gm, /^ {2}Fn\d+(?=:$)/gm],
  parameter: [/^ {4}Default: standard/gm],
  route: [/^ {12}Path: \/r\d+/gm],
  text: [/^ {6}Description: Handles the /gm],
};

/** What each kind types: letters, except digits inside a route's number in an ARN. */
const TYPED = { policy: ['1234567890', 'sxyzwvut'], name: ['xyzwvuts'], parameter: ['plusxtra'], route: ['abcdefgh'], text: ['urgently'] };

/**
 * The keystrokes of a bench run: `bursts` rounds, each typing one burst of `keystrokes`
 * changes (half insertions, then as many backspaces) for every kind in turn, each burst of a
 * kind at a different place spread over the file. Returns [{ kind, change }], where `change`
 * is an LSP TextDocumentContentChangeEvent with a range, relative to the text as the
 * earlier changes left it.
 */
export function editSequence(text, { bursts = 2, keystrokes = 10, kinds = EDIT_KINDS } = {}) {
  if (keystrokes % 2 !== 0) {
    throw new Error('keystrokes per burst must be even, so each burst leaves the text as it found it');
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    lineStarts.push(i + 1);
  }
  const positionOf = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo, character: offset - lineStarts[lo] };
  };
  const places = {};
  for (const kind of kinds) {
    places[kind] = PLACES[kind].map((re) => [...text.matchAll(re)].map((m) => m.index + m[0].length));
    if (places[kind].some((list) => list.length === 0)) {
      throw new Error(`the template has no place for a ${kind} edit`);
    }
  }
  const out = [];
  for (let b = 0; b < bursts; b++) {
    for (const [k, kind] of kinds.entries()) {
      const shape = b % places[kind].length;
      const list = places[kind][shape];
      // Spread the bursts over the file, and the kinds apart from each other.
      const at = list[Math.min(list.length - 1, Math.floor(((b + 0.5 + k / kinds.length) / (bursts + 1)) * list.length))];
      const { line, character } = positionOf(at);
      const typed = TYPED[kind][shape % TYPED[kind].length];
      const half = keystrokes / 2;
      for (let i = 0; i < half; i++) {
        const c = character + i;
        out.push({ kind, burst: b, change: { range: { start: { line, character: c }, end: { line, character: c } }, text: typed[i % typed.length] } });
      }
      for (let i = half; i > 0; i--) {
        const c = character + i;
        out.push({ kind, burst: b, change: { range: { start: { line, character: c - 1 }, end: { line, character: c } }, text: '' } });
      }
    }
  }
  return out;
}
