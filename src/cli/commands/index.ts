/**
 * The sub-commands, in the order `leakscope --help` lists them. A new command is one file in this folder and one
 * line here.
 */
import type { Command } from '../command.ts';
import { diffCommand } from './diff.ts';
import { doctorCommand } from './doctor.ts';
import { runCommand } from './run.ts';

export const COMMANDS: readonly Command[] = [diffCommand, runCommand, doctorCommand];
