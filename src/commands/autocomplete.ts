import {join} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base-command.js'
import {usageError} from '../platform/errors.js'

const SHELLS = ['bash', 'zsh', 'powershell'] as const
type Shell = (typeof SHELLS)[number]

export interface AutocompleteResult {
  shell: Shell
  /** The shell's start-up file the setup line goes into. */
  profile: string
  /** What to run once, in that shell, to install completion. */
  setupCommand: string
  /** The generated files (@oclif/plugin-autocomplete's cache layout). */
  setupScript: string
  completionScript: string
}

/**
 * `zfjl autocomplete`: the same completion files as @oclif/plugin-autocomplete's command (whose
 * `autocomplete:create` writes them), with the setup told in Chinese and a --json result like every
 * other zfjl command. A command of the root package takes precedence over a plugin's of the same id.
 */
export default class Autocomplete extends BaseCommand<typeof Autocomplete> {
  static override summary = '命令补全：生成补全脚本并显示安装方法（bash、zsh、powershell）'
  static override examples = ['<%= config.bin %> <%= command.id %> bash', '<%= config.bin %> <%= command.id %> zsh --json', '<%= config.bin %> <%= command.id %> --refresh-cache']

  static override args = {
    shell: Args.string({description: 'shell 类型；默认取当前的 shell（SHELL 环境变量）', options: [...SHELLS]}),
  }

  static override flags = {
    'refresh-cache': Flags.boolean({char: 'r', description: '只重新生成补全脚本（新增命令后），不显示安装方法'}),
  }

  async run(): Promise<AutocompleteResult> {
    const shell = this.args.shell ?? this.config.shell
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw usageError('SHELL_UNKNOWN', `无法确定要为哪种 shell 生成补全（当前为「${shell}」）：请写明 ${SHELLS.join('、')} 之一，如 zfjl autocomplete bash`)
    }

    this.status('正在生成补全脚本…')
    await this.config.runCommand('autocomplete:create')
    const result = setupFor(shell as Shell, this.config.bin, join(this.config.cacheDir, 'autocomplete'))
    if (!this.jsonEnabled() && !this.flags['refresh-cache']) this.log(instructions(result, this.config.bin))
    return result
  }
}

const setupFor = (shell: Shell, bin: string, cache: string): AutocompleteResult => {
  const script = `${bin} autocomplete script ${shell}`
  if (shell === 'powershell') {
    return {
      completionScript: join(cache, 'functions', 'powershell', `${bin}.ps1`),
      profile: '$PROFILE',
      setupCommand: `New-Item -Type Directory -Path (Split-Path -Parent $PROFILE) -ErrorAction SilentlyContinue; Add-Content -Path $PROFILE -Value (Invoke-Expression -Command "${script}"); .$PROFILE`,
      setupScript: join(cache, 'functions', 'powershell', `${bin}.ps1`),
      shell,
    }
  }

  const profile = shell === 'bash' ? '~/.bashrc' : '~/.zshrc'
  return {
    completionScript: join(cache, 'functions', shell, shell === 'bash' ? `${bin}.bash` : `_${bin}`),
    profile,
    setupCommand: `printf "$(${script})" >> ${profile}; source ${profile}`,
    setupScript: join(cache, `${shell}_setup`),
    shell,
  }
}

const instructions = (setup: AutocompleteResult, bin: string): string => {
  const tab = setup.shell === 'bash' ? '<TAB><TAB>' : '<TAB>'
  return [
    `${bin} 命令补全（${setup.shell}）的安装方法：`,
    '',
    `1) 在 ${setup.shell} 中运行一次，把补全设置写入 ${setup.profile} 并立即生效：`,
    '',
    `  ${setup.setupCommand}`,
    ...(setup.shell === 'bash' ? ['', '  终端以登录 shell 启动时，把命令中的 ~/.bashrc 换成 ~/.bash_profile 或 ~/.profile。'] : []),
    ...(setup.shell === 'zsh' ? ['', '  如提示权限问题，可运行 compaudit -D 检查。'] : []),
    ...(setup.shell === 'powershell' ? ['', '  想在命令行下方列出候选项，可再运行：Set-PSReadlineKeyHandler -Key Tab -Function MenuComplete'] : []),
    '',
    '2) 之后：',
    '',
    `  ${bin} ${tab}              补全命令`,
    `  ${bin} 命令 --${tab}       补全标志`,
    '',
    `补全脚本：${setup.completionScript}`,
    `新增命令或升级后运行 ${bin} autocomplete --refresh-cache 重新生成。`,
  ].join('\n')
}
