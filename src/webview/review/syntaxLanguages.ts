/** The languages the review panel colours, and which one a file gets (by extension or name). */
import { language, markdown, markup, type Language, type Spec } from './syntax';

const C_STRINGS: Spec['str'] = [['"', '"', false, true], ["'", "'", false, true]];
const C_COMMENTS: Pick<Spec, 'line' | 'block'> = { line: ['//'], block: [['/*', '*/']] };

const js = language({
  ...C_COMMENTS,
  str: [['"', '"', false, true], ["'", "'", false, true], ['`', '`', true, true]],
  kw: 'break case catch class const continue debugger default delete do else enum export extends finally for function if import in instanceof let new of return super switch this throw try typeof var void while with yield async await static as from type interface implements private protected public readonly declare namespace module abstract keyof infer is satisfies override true false null undefined NaN Infinity',
  types: 'string number boolean any unknown never object symbol bigint',
  capTypes: true,
  at: 'fn',
});

const jvm = language({
  ...C_COMMENTS,
  str: [['"""', '"""', true, true], ['"', '"', false, true], ["'", "'", false, true]],
  kw: 'abstract assert break case catch class const continue default do else enum extends final finally for goto if implements import instanceof interface native new package private protected public return static strictfp super switch synchronized this throw throws transient try volatile while var record sealed permits yield true false null namespace using internal readonly ref out params override virtual base delegate event explicit implicit operator checked unchecked fixed unsafe lock sizeof typeof stackalloc async await is as in foreach where fun val when object companion data lateinit init constructor inline suspend typealias open func let guard extension protocol struct self nil defer repeat mutating',
  types: 'boolean byte char double float int long short void bool string decimal uint ulong ushort sbyte dynamic',
  capTypes: true,
  at: 'type',
});

const c = language({
  ...C_COMMENTS,
  str: C_STRINGS,
  kw: 'auto break case const continue default do else enum extern for goto if inline register restrict return sizeof static struct switch typedef union volatile while true false NULL nullptr class namespace template typename public private protected virtual override final friend operator new delete this throw try catch using constexpr consteval noexcept static_assert decltype explicit mutable co_await co_return co_yield concept requires',
  types: 'int long short char float double void bool unsigned signed size_t ssize_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t wchar_t',
  capTypes: true,
  preproc: true,
});

const go = language({
  ...C_COMMENTS,
  str: [['"', '"', false, true], ['`', '`', true, false], ["'", "'", false, true]],
  kw: 'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var true false nil iota',
  types: 'bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any',
  capTypes: true,
});

const rust = language({
  ...C_COMMENTS,
  str: [['"', '"', true, true]],
  kw: 'as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while',
  types: 'i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str',
  capTypes: true,
  charLit: true,
  macros: true,
});

const python = language({
  line: ['#'],
  str: [['"""', '"""', true, true], ["'''", "'''", true, true], ['"', '"', false, true], ["'", "'", false, true]],
  kw: 'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case True False None self cls',
  types: 'int float str bool bytes list dict set tuple object',
  capTypes: true,
  at: 'fn',
  strPrefix: /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/,
});

const ruby = language({
  line: ['#'],
  str: [['"', '"', true, true], ["'", "'", true, true]],
  kw: 'alias and begin break case class def defined? do else elsif end ensure false for if in module next nil not or redo rescue retry return self super then true undef unless until when while yield require require_relative attr_accessor attr_reader private protected public',
  capTypes: true,
});

const shell = language({
  line: ['#'],
  hashNeedsSpace: true,
  str: [['"', '"', true, true], ["'", "'", true, false], ['`', '`', true, true]],
  kw: 'if then else elif fi for in do done case esac while until function return local export readonly declare unset shift exit break continue source alias set trap eval exec select FROM RUN CMD ENTRYPOINT COPY ADD ENV ARG WORKDIR EXPOSE USER VOLUME LABEL',
  ident: /[A-Za-z_][\w-]*/y,
  vars: true,
});

const json = language({
  ...C_COMMENTS,
  str: [['"', '"', false, true]],
  kw: 'true false null',
  keyColon: 'any',
});

const yaml = language({
  line: ['#', ';'],
  hashNeedsSpace: true,
  str: [['"', '"', false, true], ["'", "'", false, false]],
  kw: 'true false null yes no on off True False',
  ident: /[A-Za-z_][\w.-]*/y,
  keyColon: 'any',
});

const css = language({
  ...C_COMMENTS,
  str: C_STRINGS,
  kw: 'important and not only from to',
  ident: /-?[A-Za-z_][\w-]*/y,
  at: 'kw',
  vars: true,
  keyColon: 'space',
  css: true,
});

const sql = language({
  line: ['--'],
  block: [['/*', '*/']],
  str: [["'", "'", true, false], ['"', '"', false, false]],
  kw: 'select from where and or not insert into values update set delete create table alter drop index primary key foreign references join left right inner outer full cross on as group by order having limit offset union all distinct null is in like between case when then else end exists default unique check begin commit rollback view with returning asc desc if replace',
  types: 'int integer bigint smallint text varchar char boolean date timestamp numeric real serial blob',
  ci: true,
});

const lua = language({
  line: ['--'],
  block: [['--[[', ']]']],
  str: [['[[', ']]', true, false], ['"', '"', false, true], ["'", "'", false, true]],
  kw: 'and break do else elseif end false for function goto if in local nil not or repeat return then true until while self',
});

const BY_EXT: Record<string, Language> = {};
function add(lang: Language, exts: string): void {
  for (const e of exts.split(' ')) BY_EXT[e] = lang;
}
add(js, 'ts tsx js jsx mjs cjs mts cts');
add(jvm, 'java kt kts scala sc dart cs swift groovy gradle');
add(c, 'c h cpp cc cxx hpp hh hxx ino cu m mm');
add(go, 'go');
add(rust, 'rs');
add(python, 'py pyi pyw');
add(ruby, 'rb rake gemspec');
add(shell, 'sh bash zsh ksh fish bats dockerfile mk');
add(json, 'json jsonc json5');
add(yaml, 'yml yaml toml ini cfg conf properties env');
add(css, 'css scss sass less');
add(markup, 'html htm xhtml xml svg vue svelte xaml xsl xslt plist csproj props targets');
add(markdown, 'md markdown mdx');
add(sql, 'sql');
add(lua, 'lua');

const BY_NAME: Record<string, Language> = { dockerfile: shell, makefile: shell, gnumakefile: shell, '.bashrc': shell, '.zshrc': shell, '.profile': shell, '.gitignore': yaml, '.env': yaml };

/** The language of a path (by file name, then extension); undefined means plain text. */
export function languageFor(path: string): Language | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (BY_NAME[name]) return BY_NAME[name];
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : BY_EXT[name.slice(dot + 1)];
}
