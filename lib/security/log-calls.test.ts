import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every console.* call, logger call (log().info(...), logger.warn(...), ...) and direct stdout/stderr write in
// lib/, app/ and scripts/ whose arguments name
// something secret-like (password, secret, apiKey, token, authorization, keyHash…) fails this test, so
// such a call gets a second look before it ships. Text inside string literals does not count (a message
// may say "password"); identifiers, including those in template expressions, do.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['lib', 'app', 'scripts'];
const SKIPPED = new Set(['lib/generated']);
const SECRET_LIKE = /password|passwd|secret|api_?key|token|authorization|bearer|key_?hash|credential|cookie/i;

// Calls that print a secret-like value on purpose, each with why it is safe; `call` is a piece of the call's
// text (whitespace collapsed). An entry that matches no call fails the test too, so the list cannot outlive
// the code it excuses.
const ALLOWED: { file: string; call: string; why: string }[] = [
  {
    file: 'scripts/start.ts',
    call: 'password: ${password} (shown only this once)',
    why: "the first administrator's generated password, printed once to the operator's terminal at first start",
  },
  {
    file: 'scripts/tenant.ts',
    call: 'password: ${admin.password} (shown only this once)',
    why: "a new tenant's first administrator's generated password, printed once to the operator who ran the command",
  },
  {
    file: 'lib/observability/metrics-endpoint.ts',
    call: '{ minLength: MIN_TOKEN_LENGTH }',
    why: 'the minimum length the metrics token must have, a constant of the code, not the token',
  },
  {
    file: 'scripts/worker.ts',
    call: 'protected: Boolean(process.env.METRICS_TOKEN?.trim())',
    why: 'whether a metrics token is set (true/false), never the token itself',
  },
];

type Finding = { file: string; line: number; identifier: string; call: string };

function sourceFiles(dir: string): string[] {
  const relative = path.relative(ROOT, dir);
  if (SKIPPED.has(relative)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    // Tests are not shipped, and the one that proves leaks are caught prints secrets on purpose.
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) && !/\.(d|test)\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// pino's methods, and child(), whose bindings end up in every line of the child logger.
const LOGGER_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'child']);

function isOutputCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const target = callee.expression.getText().replace(/\s+/g, '');
  if (target === 'console') return true;
  if (/^process\.(stdout|stderr)$/.test(target)) return callee.name.text === 'write';
  // The project's logger (lib/observability/logger.ts), called directly or kept in a variable, or one of its children.
  return LOGGER_METHODS.has(callee.name.text) && /^(log\(\)|logger|log)(\.child\(.*\))?$/.test(target);
}

// The identifiers in a call's arguments; string literal text is skipped by construction (not an Identifier).
function identifiersIn(node: ts.Node): string[] {
  const found: string[] = [];
  const visit = (child: ts.Node) => {
    if (ts.isIdentifier(child) || ts.isPrivateIdentifier(child)) found.push(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function secretLikeOutputCalls(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isOutputCall(node)) {
      const names = new Set(node.arguments.flatMap(identifiersIn).filter((name) => SECRET_LIKE.test(name)));
      for (const identifier of names) {
        findings.push({
          file,
          line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
          identifier,
          call: node.getText().replace(/\s+/g, ' '),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe('console and log output of secret-like values', () => {
  it('no console.* or logger call or stdout/stderr write passes a secret-like identifier, except the allowed ones', () => {
    const findings = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).flatMap((file) =>
      secretLikeOutputCalls(path.relative(ROOT, file), readFileSync(file, 'utf8')),
    );
    const excuses = (a: (typeof ALLOWED)[number], f: Finding) => a.file === f.file && f.call.includes(a.call);
    const unexcused = findings.filter((f) => !ALLOWED.some((a) => excuses(a, f)));
    expect(unexcused.map((f) => `${f.file}:${f.line} ${f.identifier} in ${f.call.slice(0, 160)}`)).toEqual([]);
    const unused = ALLOWED.filter((a) => !findings.some((f) => excuses(a, f)));
    expect(unused, 'allow-list entries that excuse nothing').toEqual([]);
  });

  it('finds identifiers in arguments and template expressions, not words in string literals', () => {
    const code = [
      "console.log('the password is wrong');",
      'console.error(`[auth] ${user.passwordHash}`);',
      'console.warn("key", { apiKey });',
      'process.stderr.write(request.headers.get("x") + authorization);',
      'process.stdout.write("Set a SECRET");',
      'logger.info(password);',
      "log().error({ tenantId, ...errorFields(error) }, 'the token was refused');",
      'log().warn({ header: request.headers.get("authorization") }, `key ${keyHash}`);',
      'log().child({ apiKey: key }).info("bound");',
      'log().info({ count: tokens.length }, "ok");',
      'other.info(password);',
    ].join('\n');
    expect(secretLikeOutputCalls('sample.ts', code).map((f) => [f.line, f.identifier])).toEqual([
      [2, 'passwordHash'],
      [3, 'apiKey'],
      [4, 'authorization'],
      [6, 'password'],
      [8, 'keyHash'],
      [9, 'apiKey'],
      [10, 'tokens'],
    ]);
  });
});
