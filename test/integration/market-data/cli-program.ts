// Runs only the plugin and data commands, as the real CLI would, for the CLI tests in this folder.
import { Command } from 'commander';
import { registerDataCommand } from '../../../cli/commands/data';
import { registerPluginCommand } from '../../../cli/commands/plugin';
import { reportError } from '../../../cli/util/run-action';

const program = new Command().name('opentrade');
registerPluginCommand(program);
registerDataCommand(program);
program.parseAsync(process.argv).catch(reportError);
