/** `forge probe`: the checks of "Forge: Test Endpoint" from the command line. */
import { OpenAiModelClient } from '../core/model/openaiClient';
import { probeEndpoint } from '../core/model/probe';
import { capabilityReport } from '../core/settings/capabilityReport';
import { apiKeyFor, loadProfile, type ProfileArgs } from './run/cliProfile';
import type { CliCommand } from './commands';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, cliOptions, UsageError, type CliIo } from './io';
import * as path from 'node:path';

export const PROBE_HELP = `Usage: forge probe [--endpoint URL --model M | --profile FILE] [--json]

Checks an OpenAI-compatible endpoint as "Forge: Test Endpoint" does: lists the models, learns the
context window the server serves, streams a short reply (latency to the first token, usage
reporting) and asks for one tool call.

Options:
  --endpoint URL   an OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1
  --model M        the model to check on that endpoint
  --profile FILE   an endpoint profile (JSON, as in the forge.endpoints setting) instead
  --json           print the result as JSON
  -h, --help       show this help

The API key comes from FORGE_API_KEY or OPENAI_API_KEY (or the profile's apiKeyEnv).
Exit status: 0 the endpoint works, 1 it does not, 2 usage error.
`;

interface ProbeArgs extends ProfileArgs {
  json: boolean;
  help: boolean;
}

function parseProbeArgs(args: string[], cwd: string): ProbeArgs {
  const out: ProbeArgs = { json: false, help: false };
  for (const { name, value } of cliOptions(args)) {
    switch (name) {
      case '-h': case '--help': out.help = true; break;
      case '--json': out.json = true; break;
      case '--endpoint': out.endpoint = value(); break;
      case '--model': out.model = value(); break;
      case '--profile': out.profile = path.resolve(cwd, value()); break;
      default: throw new UsageError(name.startsWith('-') ? `unknown option ${name}` : `unexpected argument "${name}"`);
    }
  }
  if (!out.help) {
    if (out.profile && (out.endpoint || out.model)) throw new UsageError('use either --profile or --endpoint/--model, not both');
    if (!out.profile && (!out.endpoint || !out.model)) throw new UsageError('name the model: --endpoint URL --model M, or --profile FILE');
  }
  return out;
}

export async function runProbe(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let a: ProbeArgs;
  let profile;
  try {
    a = parseProbeArgs(args, io.cwd);
    if (a.help) {
      io.stdout(PROBE_HELP);
      return EXIT_OK;
    }
    profile = loadProfile(a);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`forge probe: ${e.message}\nRun \`forge probe --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  const client = new OpenAiModelClient(profile, { apiKey: apiKeyFor(profile, env), retry: { maxAttempts: 2 } });
  const result = await probeEndpoint(client, profile);
  const report = capabilityReport(result, profile.label);
  if (a.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(`${report.headline}\n${report.lines.map((l) => `  ${l}`).join('\n')}\n`);
  return report.ok ? EXIT_OK : EXIT_REFUSED;
}

export const probeCommand: CliCommand = {
  name: 'probe',
  summary: 'check an endpoint as Test Endpoint does (models, context window, streaming, tool calls)',
  help: PROBE_HELP,
  run: (args, io) => runProbe(args, io),
};
