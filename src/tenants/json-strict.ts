// The ESM build, not the package's UMD `main`: esbuild cannot follow the UMD wrapper's requires, so
// `npm run build` would ship a main.cjs failing with "Cannot find module './impl/format'"
// (microsoft/node-jsonc-parser#57, evanw/esbuild#1619). tsx and Vitest load this file as well.
import {
  type JSONPath,
  type JSONVisitor,
  type ParseErrorCode,
  printParseErrorCode,
  visit,
} from 'jsonc-parser/lib/esm/main.js';

/** A key written twice in one object (JSON.parse would silently keep the last). */
export interface DuplicateKey {
  /** The path of the second one, ending with the key. */
  readonly path: JSONPath;
  readonly key: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

/** The first syntax error of a document that is not strict JSON, with its 1-based line and column. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** What each jsonc-parser error means to someone editing the file. */
const REASONS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name (in double quotes) expected',
  ValueExpected: 'value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'unexpected content after the document',
  InvalidCommentToken: 'comments are not allowed (strict JSON)',
  UnexpectedEndOfComment: 'comments are not allowed (strict JSON)',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidCharacter: 'control character in a string (escape it)',
};

/** The character before `offset`, skipping white space: a trailing comma is a "," before "}" or "]". */
function previousSignificant(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return undefined;
}

function reasonOf(text: string, code: ParseErrorCode, offset: number): string {
  const name = printParseErrorCode(code);
  const next = text.charAt(offset);
  if (
    (name === 'PropertyNameExpected' || name === 'ValueExpected') &&
    (next === '}' || next === ']') &&
    previousSignificant(text, offset) === ','
  ) {
    return `trailing comma before "${next}" (strict JSON)`;
  }
  if (name === 'InvalidSymbol' && offset === 0 && text.charCodeAt(0) === 0xfeff) {
    return 'byte order mark (save the file as UTF-8 without BOM)';
  }
  return REASONS[name] ?? name;
}

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas) and reports every key written
 * twice in one object, with its path and place, which `JSON.parse` would hide by keeping the last.
 * The value is `JSON.parse`'s, so it is exactly what the rest of the program always read.
 * @throws JsonSyntaxError for the first syntax error.
 */
export function parseStrictJson(text: string): { value: unknown; duplicates: DuplicateKey[] } {
  let syntax: JsonSyntaxError | undefined;
  const duplicates: DuplicateKey[] = [];
  /** The keys seen so far in each object being read, innermost last. */
  const objects: Set<string>[] = [];
  const visitor: JSONVisitor = {
    onObjectBegin: () => {
      objects.push(new Set());
    },
    onObjectEnd: () => {
      objects.pop();
    },
    onObjectProperty: (key, _offset, _length, line, character, pathSupplier) => {
      const keys = objects.at(-1);
      if (!keys) return;
      if (keys.has(key))
        duplicates.push({ path: [...pathSupplier(), key], key, line: line + 1, column: character + 1 });
      else keys.add(key);
    },
    onError: (code, offset, _length, line, character) => {
      // Only the first: the ones after it are mostly its echoes.
      syntax ??= new JsonSyntaxError(line + 1, character + 1, reasonOf(text, code, offset));
    },
  };
  try {
    visit(text, visitor, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    // jsonc-parser recurses: a document nested thousands deep overflows the stack.
    if (error instanceof RangeError) throw new JsonSyntaxError(1, 1, 'nested too deeply');
    throw error;
  }
  if (syntax) throw syntax;
  try {
    return { value: JSON.parse(text), duplicates };
  } catch (error) {
    // Not expected once the visit found no error; JSON.parse stays the final judge.
    throw new JsonSyntaxError(1, 1, (error as Error).message);
  }
}
