#!/usr/bin/env node
// Builds the mediasoup worker from the installed npm package's C++ sources against
// Debian's system libraries. mediasoup's own install would download a prebuilt binary
// or fetch its C++ dependencies (both fail without internet), so setup installs the
// package with MEDIASOUP_WORKER_BIN set (which skips that) and calls this script.
//
// The binary is cached outside node_modules, keyed by mediasoup version, so a second
// run (or a fresh `npm ci`) costs nothing. Prints the binary path on stdout.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { workerBinPath } from './mediasoup-worker-path.mjs';

const require = createRequire(join(process.cwd(), 'apps/server/package.json'));
const pkgDir = dirname(require.resolve('mediasoup/package.json'));
const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const target = workerBinPath(version);

if (existsSync(target)) {
  console.log(target);
  process.exit(0);
}

const buildRoot = join(dirname(target), 'src');
rmSync(buildRoot, { recursive: true, force: true });
mkdirSync(buildRoot, { recursive: true });
cpSync(join(pkgDir, 'worker'), join(buildRoot, 'worker'), { recursive: true });
const workerDir = join(buildRoot, 'worker');

/** Replaces every occurrence, failing loudly if the upstream text moved. */
function replaceAll(text, from, to, file) {
  if (!text.includes(from)) throw new Error(`build-mediasoup-worker: '${from}' not found in ${file}`);
  return text.split(from).join(to);
}

// Each bundled subproject becomes the system library Debian ships (pkg-config names).
const systemDeps = {
  "abseil_cpp_proj.get_variable('absl_container_dep')": "dependency('absl_flat_hash_map')",
  "openssl_proj.get_variable('openssl_dep')": "dependency('openssl')",
  "nlohmann_json_proj.get_variable('nlohmann_json_dep')": "dependency('nlohmann_json')",
  "libuv_proj.get_variable('libuv_dep')": "dependency('libuv')",
  "libsrtp2_proj.get_variable('libsrtp2_dep')": "dependency('libsrtp2')",
  "usrsctp_proj.get_variable('usrsctp_dep')": "dependency('usrsctp')",
  "abseil_cpp_proj.get_variable('absl_strings_dep')": "dependency('absl_strings')",
  "abseil_cpp_proj.get_variable('absl_types_dep')":
    "dependency('absl_optional'), dependency('absl_variant'), dependency('absl_span')",
  // Catch2 is only for mediasoup's own unit tests, which we do not build.
  "catch2_proj.get_variable('catch2_dep')": "dependency('catch2', required: false)",
};
const staticLibsToDrop = [
  "abseil_cpp_proj.get_variable('absl_container_lib'),",
  "openssl_proj.get_variable('libcrypto_lib'),",
  "openssl_proj.get_variable('libssl_lib'),",
  "libuv_proj.get_variable('libuv'),",
  "libsrtp2_proj.get_variable('libsrtp2'),",
  "usrsctp_proj.get_variable('usrsctp'),",
];
const subprojectBlock = /^(\w+_proj) = subproject\(\n(?:.*\n)*?\)\n/gm;

function patch(file, { dropStatic, bumpMeson }) {
  const path = join(workerDir, file);
  let text = readFileSync(path, 'utf8');
  // Only the non-Windows subprojects go; the Windows-only wingetopt block stays untouched.
  text = text.replace(subprojectBlock, (block, name) => (name === 'wingetopt_proj' ? block : ''));
  for (const [from, to] of Object.entries(systemDeps)) {
    if (text.includes(from)) text = text.split(from).join(to);
  }
  if (dropStatic) for (const line of staticLibsToDrop) text = replaceAll(text, line, '', file);
  // Debian 12 ships meson 1.0.1; nothing the worker uses needs 1.1.
  if (bumpMeson) text = replaceAll(text, "meson_version: '>= 1.1.0'", "meson_version: '>= 1.0.0'", file);
  if (/_proj\.get_variable/.test(text.replace(/wingetopt_proj\.get_variable/g, ''))) {
    throw new Error(`build-mediasoup-worker: unpatched subproject reference left in ${file}`);
  }
  writeFileSync(path, text);
}

patch('meson.build', { dropStatic: true, bumpMeson: true });
patch('deps/libwebrtc/meson.build', { dropStatic: false, bumpMeson: false });

const build = join(buildRoot, 'build');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: workerDir, stdio: ['ignore', 2, 2] });
run('meson', [
  'setup', '--buildtype', 'release', '-Db_ndebug=true',
  // Debian installs srtp.h under srtp2/ while mediasoup includes <srtp.h>.
  '-Dcpp_args=-I/usr/include/srtp2', build,
]);
run('ninja', ['-C', build, 'mediasoup-worker']);
copyFileSync(join(build, 'mediasoup-worker'), target + '.tmp');
execFileSync('mv', [target + '.tmp', target]);
execFileSync('chmod', ['755', target]);
rmSync(buildRoot, { recursive: true, force: true });
console.log(target);
