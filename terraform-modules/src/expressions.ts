/**
 * A small evaluator for the Terraform expressions our modules build names from: string
 * templates, `var.x`, `local.x`, `each.key`, literals, `==`/`!=`, conditionals and a few
 * functions (substr, replace, lower, toset). Anything else throws `Unevaluable`, so a caller can
 * tell "cannot say" from "fine".
 */
export class Unevaluable extends Error {}

export interface Scope {
  vars: Record<string, unknown>;
  /** Raw local values as HashiCorp's parser gives them (strings hold `${...}` templates). */
  locals: Record<string, unknown>;
  each?: { key: string; value: unknown };
}

const FUNCTIONS: Record<string, (...args: any[]) => unknown> = {
  substr: (s: string, offset: number, length: number) =>
    length < 0 ? s.slice(offset) : s.slice(offset, offset + length),
  replace: (s: string, find: string, by: string) => {
    const regex = /^\/(.*)\/$/.exec(find);
    return regex
      ? s.replace(new RegExp(regex[1], 'g'), by)
      : s.split(find).join(by);
  },
  lower: (s: string) => s.toLowerCase(),
  toset: (list: unknown[]) => [...new Set(list)],
};

/** Evaluates a value from the parser's JSON: templates in strings, objects and lists inside. */
export function evaluateValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return evaluateTemplate(value, scope);
  if (Array.isArray(value)) return value.map(v => evaluateValue(v, scope));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, evaluateValue(v, scope)]),
    );
  return value;
}

function evaluateTemplate(text: string, scope: Scope): unknown {
  const parts: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) {
      parts.push(text.slice(i));
      break;
    }
    parts.push(text.slice(i, start));
    const end = closingBrace(text, start + 2);
    parts.push(parseExpression(text.slice(start + 2, end), scope));
    i = end + 1;
  }
  const nonEmpty = parts.filter(p => p !== '');
  if (nonEmpty.length === 1 && text.startsWith('${') && text.endsWith('}'))
    return nonEmpty[0];
  return parts.map(p => String(p)).join('');
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Unevaluable(`unclosed interpolation in ${text}`);
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|[?:()[\],.]))/y;

class Parser {
  private tokens: string[] = [];
  private at = 0;
  constructor(source: string, private readonly scope: Scope) {
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < source.length) {
      const m = TOKEN.exec(source);
      if (!m) break;
      this.tokens.push(m[0].trim());
    }
    if (source.slice(TOKEN.lastIndex).trim())
      throw new Unevaluable(`cannot read ${source}`);
  }

  parseAll(): unknown {
    const value = this.expression();
    if (this.at < this.tokens.length)
      throw new Unevaluable(`unexpected ${this.tokens[this.at]}`);
    return value;
  }

  private peek = () => this.tokens[this.at];
  private next = () => this.tokens[this.at++];
  private expect(t: string) {
    if (this.next() !== t) throw new Unevaluable(`expected ${t}`);
  }

  private expression(): unknown {
    const condition = this.comparison();
    if (this.peek() !== '?') return condition;
    this.next();
    const yes = this.expression();
    this.expect(':');
    const no = this.expression();
    return condition ? yes : no;
  }

  private comparison(): unknown {
    const left = this.primary();
    const op = this.peek();
    if (op !== '==' && op !== '!=') return left;
    this.next();
    const right = this.primary();
    return op === '==' ? left === right : left !== right;
  }

  private primary(): unknown {
    const t = this.next();
    if (t === undefined) throw new Unevaluable('unexpected end');
    if (t.startsWith('"'))
      return evaluateTemplate(JSON.parse(t) as string, this.scope);
    if (/^-?\d/.test(t)) return Number(t);
    if (t === '(') {
      const v = this.expression();
      this.expect(')');
      return v;
    }
    if (t === '[') {
      const list: unknown[] = [];
      while (this.peek() !== ']') {
        list.push(this.expression());
        if (this.peek() === ',') this.next();
      }
      this.next();
      return list;
    }
    if (t === 'null') return null;
    if (t === 'true' || t === 'false') return t === 'true';
    if (this.peek() === '(') {
      const fn = FUNCTIONS[t];
      if (!fn) throw new Unevaluable(`function ${t}`);
      this.next();
      const args: unknown[] = [];
      while (this.peek() !== ')') {
        args.push(this.expression());
        if (this.peek() === ',') this.next();
      }
      this.next();
      return fn(...args);
    }
    return this.reference(t);
  }

  private reference(root: string): unknown {
    this.expect('.');
    const name = this.next();
    let value: unknown;
    if (root === 'var') {
      if (!(name in this.scope.vars)) throw new Unevaluable(`var.${name}`);
      value = this.scope.vars[name];
    } else if (root === 'local') {
      if (!(name in this.scope.locals)) throw new Unevaluable(`local.${name}`);
      value = evaluateValue(this.scope.locals[name], this.scope);
    } else if (root === 'each' && this.scope.each) {
      value = name === 'key' ? this.scope.each.key : this.scope.each.value;
    } else throw new Unevaluable(`${root}.${name}`);
    while (this.peek() === '.' || this.peek() === '[') {
      if (this.next() === '.') value = (value as any)?.[this.next()];
      else {
        value = (value as any)?.[this.expression() as string];
        this.expect(']');
      }
    }
    return value;
  }
}

function parseExpression(source: string, scope: Scope): unknown {
  return new Parser(source, scope).parseAll();
}
