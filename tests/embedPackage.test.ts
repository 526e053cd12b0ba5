// The npm package of the element (packages/gan-playground): its package.json against the embed
// build's entries, its hand-written types against src/embed/ (read with the TypeScript parser
// here, and compared as types by tsc through the exported checks below), its README. No build:
// npm run pack:embed (scripts/pack-embed.mjs) builds and packs it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type * as Pkg from '../packages/gan-playground/types/index';
import type * as PkgReact from '../packages/gan-playground/types/react';
import type { GanPlaygroundElement } from '../src/embed/GanPlaygroundElement';
import { EVENT_TYPES, type GanPlaygroundEventMap, type PlayReason } from '../src/embed/events';
import { EVENT_PROPS, type GanPlaygroundProps } from '../src/embed/react';
import { API_DOCS, CSP_POLICY } from '../src/embed/reference';
import { SETTINGS, SETTING_KEYS, type Settings } from '../src/engine/settings';

const root = join(import.meta.dirname, '..');
const PKG_DIR = join(root, 'packages/gan-playground');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pkg = JSON.parse(read('packages/gan-playground/package.json'));

// ---- checked by tsc (npm test's tsc --noEmit): the types say what the code does ----------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type WithoutRef<T> = { [K in keyof T as K extends 'ref' ? never : K]: T[K] };
export type TypesMatch = [
  Assert<Equal<Pkg.Settings, Settings>>,
  Assert<Equal<Pkg.GanPlaygroundEventMap, GanPlaygroundEventMap>>,
  Assert<Equal<Pkg.PlayReason, PlayReason>>,
  // the ref is the element, which the types declare as a class of their own (below)
  Assert<Equal<WithoutRef<PkgReact.GanPlaygroundProps>, WithoutRef<GanPlaygroundProps>>>,
  Assert<Equal<typeof EVENT_PROPS, typeof PkgReact.EVENT_PROPS>>,
];
/** The element the code defines has every member the types declare, with their types. */
export const elementMatches = (el: GanPlaygroundElement): Pkg.GanPlaygroundElement => el;

// ---- read with the TypeScript parser ------------------------------------------------------------
const parse = (path: string) => ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);
const nameOf = (node: { name?: ts.Node }) => (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : null);

/** Names a module exports (values and types). */
function exportsOf(file: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of file.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) out.push(...s.exportClause.elements.map((e) => e.name.text));
    else if (ts.isVariableStatement(s) && hasModifier(s, ts.SyntaxKind.ExportKeyword)) out.push(...s.declarationList.declarations.map((d) => nameOf(d)!));
    else if (hasModifier(s, ts.SyntaxKind.ExportKeyword) && 'name' in s) out.push(nameOf(s as { name?: ts.Node })!);
  }
  return [...new Set(out)].sort();
}

/** The public instance members of a class (no #private, private, protected or static ones). */
function publicMembers(file: ts.SourceFile, className: string): string[] {
  const cls = file.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  if (!cls) throw new Error(`no class ${className} in ${file.fileName}`);
  const names = cls.members
    .filter((m) => m.name && !ts.isPrivateIdentifier(m.name) && !ts.isConstructorDeclaration(m))
    .filter((m) => ![ts.SyntaxKind.StaticKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword].some((k) => hasModifier(m, k)))
    .map((m) => nameOf(m)!);
  return [...new Set(names)].sort();
}

function interfaceMembers(file: ts.SourceFile, name: string): Map<string, ts.TypeNode> {
  const decl = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${file.fileName}`);
  return new Map(decl.members.filter(ts.isPropertySignature).map((m) => [nameOf(m)!, m.type!]));
}

/** The embed build's entries (vite.embed.config.ts, its `input`: name → source), read without loading Vite. */
function buildInputs(): Record<string, string> {
  let input: Record<string, string> | null = null;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && nameOf(node) === 'input' && ts.isObjectLiteralExpression(node.initializer))
      input = Object.fromEntries(node.initializer.properties.filter(ts.isPropertyAssignment).map((p) => [nameOf(p)!, (p.initializer as ts.StringLiteral).text]));
    ts.forEachChild(node, visit);
  };
  visit(parse('vite.embed.config.ts'));
  if (!input) throw new Error('no input in vite.embed.config.ts');
  return input;
}

const typesIndex = parse('packages/gan-playground/types/index.d.ts');
const typesReact = parse('packages/gan-playground/types/react.d.ts');

describe('the npm package (packages/gan-playground)', () => {
  it("package.json: an ES module package whose exports are the embed build's entries, shipped by its files, with no dependencies and React an optional peer", () => {
    expect(pkg).toMatchObject({ name: 'gan-playground', type: 'module' });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.private).toBeUndefined();
    // what the host installs with it: nothing of the playground app's (tfjs, Plotly are in the element script)
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.optionalDependencies).toBeUndefined();
    expect(pkg.bundleDependencies ?? pkg.bundledDependencies).toBeUndefined();
    expect(Object.keys(pkg.peerDependencies)).toEqual(['react']);
    expect(pkg.peerDependenciesMeta).toEqual({ react: { optional: true } });

    // the build's entries, as the embed config names them, are the package's exports
    const input = buildInputs();
    expect(Object.keys(input).sort()).toEqual(['gan-playground', 'gan-playground-react']);
    const entry = (e: { types: string; default: string }) => e;
    expect(entry(pkg.exports['.'])).toEqual({ types: './types/index.d.ts', default: `./dist/${Object.keys(input).find((n) => input[n] === 'src/embed/index.ts')}.js` });
    expect(entry(pkg.exports['./react'])).toEqual({ types: './types/react.d.ts', default: `./dist/${Object.keys(input).find((n) => input[n] === 'src/embed/react.ts')}.js` });
    expect(pkg.types).toBe(pkg.exports['.'].types);
    // the element script and its assets sit in dist/ (the build's outDir, which the pack script sets)
    expect(read('scripts/pack-embed.mjs')).toContain("'--outDir', distDir");

    // every file exports and types name is shipped ("files" lists folders or files; README and package.json always go)
    const shipped = (path: string) => pkg.files.some((f: string) => (f.endsWith('/') ? path.startsWith(f) : path === f));
    const targets: string[] = [pkg.types];
    const walk = (v: unknown): void => void (typeof v === 'string' ? targets.push(v) : v && typeof v === 'object' && Object.values(v).forEach(walk));
    walk(pkg.exports);
    for (const t of targets.map((t) => t.replace(/^\.\//, '').replace(/\*$/, ''))) if (t !== 'package.json') expect(shipped(t), t).toBe(true);
    // only the build and the types: no sources, no tests
    expect([...pkg.files].sort()).toEqual(['dist/', 'types/']);
    // the types are committed files (the build makes dist/)
    for (const t of [pkg.exports['.'].types, pkg.exports['./react'].types]) expect(existsSync(join(PKG_DIR, t)), t).toBe(true);
    // npm pack there builds first; the repository's script packs
    expect(existsSync(join(PKG_DIR, pkg.scripts.prepack.replace(/^node (\S+).*$/, '$1')))).toBe(true);
    expect(JSON.parse(read('package.json')).scripts['pack:embed']).toBe('node scripts/pack-embed.mjs');
    expect(read('.gitignore').split('\n')).toContain('packages/gan-playground/dist/');
  });

  it('types/index.d.ts declares every public member of the element, every event, every export of the script and every setting', () => {
    const declared = publicMembers(typesIndex, 'GanPlaygroundElement');
    const code = publicMembers(parse('src/embed/GanPlaygroundElement.ts'), 'GanPlaygroundElement');
    // the class's own members and the typed listener overloads
    expect(declared).toEqual([...code, 'addEventListener', 'removeEventListener'].sort());
    for (const doc of API_DOCS) expect(declared).toContain(doc.name.replace(/\(.*$/, ''));
    for (const method of ['play', 'pause', 'reset', 'loadPreset', 'settings']) expect(declared).toContain(method);

    expect([...interfaceMembers(typesIndex, 'GanPlaygroundEventMap').keys()].sort()).toEqual([...EVENT_TYPES].sort());

    const scriptExports = exportsOf(parse('src/embed/index.ts'));
    expect(scriptExports).toContain('GanPlaygroundElement');
    for (const name of scriptExports) expect(exportsOf(typesIndex)).toContain(name);
    expect(read('packages/gan-playground/types/index.d.ts')).toMatch(/interface HTMLElementTagNameMap \{\s*'gan-playground': GanPlaygroundElement;/);

    const settings = interfaceMembers(typesIndex, 'Settings');
    expect([...settings.keys()]).toEqual(SETTING_KEYS);
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      let node = settings.get(key)!;
      // a choice's type may be an alias declared in the file (TargetId, LossId)
      if (ts.isTypeReferenceNode(node)) {
        const alias = typesIndex.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === (node as ts.TypeReferenceNode).typeName.getText());
        node = alias!.type;
      }
      const literals = (ts.isUnionTypeNode(node) ? [...node.types] : [node]).map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : t.getText()));
      const expected = spec.kind === 'choice' ? spec.choices.map((c) => c.value) : [spec.kind === 'bool' ? 'boolean' : 'number'];
      expect(literals.sort(), key).toEqual([...expected].sort());
    }
  });

  it('types/react.d.ts declares every export of the component module and a prop for every event', () => {
    for (const name of exportsOf(parse('src/embed/react.ts'))) expect(exportsOf(typesReact)).toContain(name);
    const text = read('packages/gan-playground/types/react.d.ts');
    for (const [prop, type] of Object.entries(EVENT_PROPS)) {
      expect(text).toContain(`readonly ${prop}: '${type}';`);
      expect(text).toMatch(new RegExp(`\\b${prop}\\?: GanPlaygroundCallback<\\w+Detail>;`));
    }
  });

  it('the types compile on their own (strict, checking the .d.ts files themselves, with React from @types/react)', () => {
    const files = ['index.d.ts', 'react.d.ts'].map((f) => join(PKG_DIR, 'types', f));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.includes(d.file.fileName))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  it('has a README of its own: install, the script, React, the reference and the Content-Security-Policy', () => {
    const readme = read('packages/gan-playground/README.md');
    expect(readme).toContain('npm install gan-playground');
    expect(readme).toContain('<script type="module" src=');
    expect(readme).toContain("from 'gan-playground/react'");
    expect(readme).toContain('docs/embedding-reference.md');
    expect(readme).toContain(`Content-Security-Policy: ${CSP_POLICY}\n`);
    for (const type of EVENT_TYPES) expect(readme).toContain(`\`${type}\``);
    expect(read('docs/embedding.md')).toContain('## Install from npm');
  });
});
