/**
 * The WorkspaceEvents port in VS Code: reverts and reapplies the engineer made, kept until the
 * running task's next model request (or the next Continue Task) tells the model.
 */
import type { WorkspaceEvents } from '../../core/ports';

export class RevertNotes implements WorkspaceEvents {
  private notes: string[] = [];

  push(note: string): void {
    this.notes.push(note);
  }

  drain(): string[] {
    const out = this.notes;
    this.notes = [];
    return out;
  }
}
