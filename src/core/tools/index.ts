/** The built-in tools, in the stable order the model sees them. */
import { askUserTool } from './askUser';
import { codeOutlineTool } from './codeOutline';
import { findFilesTool } from './findFiles';
import { finishTool } from './finish';
import { getDiagnosticsTool } from './getDiagnostics';
import { listDirTool } from './listDir';
import { proposeEditsTool } from './proposeEdits';
import { readFileTool } from './readFile';
import { ToolRegistry } from './registry';
import { runCommandTool } from './runCommand';
import { searchTextTool } from './searchText';
import type { Tool } from './tool';
import { updatePlanTool } from './updatePlan';

export const BUILTIN_TOOLS: Tool<any>[] = [
  readFileTool, listDirTool, findFilesTool, searchTextTool, codeOutlineTool, getDiagnosticsTool,
  proposeEditsTool, runCommandTool, askUserTool, updatePlanTool, finishTool,
];

export function builtinRegistry(): ToolRegistry {
  return new ToolRegistry(BUILTIN_TOOLS);
}
