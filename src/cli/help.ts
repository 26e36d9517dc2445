import {Help, type Interfaces} from '@oclif/core'

import {wrapCjk} from './wrap-cjk.js'

/** The plugins' own commands, in the words the rest of zfjl speaks. */
const PLUGIN_TEXTS: Record<string, {description: string; flags?: Record<string, string>; args?: Record<string, string>}> = {
  'autocomplete:create': {description: '生成补全脚本和补全函数'},
  'autocomplete:script': {args: {shell: 'shell 类型'}, description: '输出补全配置脚本'},
  help: {args: {command: '要查看帮助的命令'}, description: '显示 zfjl 的帮助', flags: {'nested-commands': '同时列出嵌套的子命令'}},
}

/**
 * zfjl's help: Chinese wrapped where Chinese may break (oclif's wrapper breaks only at spaces, leaving
 * 「39⏎种文书」), and the help and autocomplete plugins described in Chinese like every other command.
 */
export default class ZfjlHelp extends Help {
  constructor(config: Interfaces.Config, options?: Partial<Interfaces.HelpOptions>) {
    super(config, options)
    for (const command of config.commands) {
      const texts = PLUGIN_TEXTS[command.id]
      if (!texts || command.pluginName === config.name) continue
      command.description = texts.description
      command.summary = texts.description
      for (const [name, description] of Object.entries(texts.flags ?? {})) if (command.flags[name]) command.flags[name].description = description
      for (const [name, description] of Object.entries(texts.args ?? {})) if (command.args[name]) command.args[name].description = description
    }
  }

  public override wrap(body: string, spacing = this.indentSpacing): string {
    return wrapCjk(this.render(body), this.opts.maxWidth - spacing)
  }
}
