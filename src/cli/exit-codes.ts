import type {FailureKind} from '../platform/errors.js'

/**
 * The one exit-code table. README's table and `zfjl help exit-codes` are generated from this list,
 * and every command exits through it, with and without --json.
 */
export const EXIT_CODES = [
  {code: 0, kind: 'ok', meaning: '成功'},
  {code: 1, kind: 'findings', meaning: '检查或校验已运行并发现问题（check 的期限与完整性问题、audit verify、archive verify；media add 部分文件失败或没有可导入的文件）'},
  {code: 2, kind: 'usage', meaning: '用法错误：参数、标志或输入值不正确（日期、金额、未知文书/事件、数据文件格式）'},
  {code: 3, kind: 'not-found', meaning: '找不到：工作区、案件、文书、音像文件、申请等不存在'},
  {code: 4, kind: 'conflict', meaning: '状态冲突：已存在、顺序不允许、已使用、已作废'},
  {code: 5, kind: 'forbidden', meaning: '无权限：角色不符、未经批准、批准已拒绝或已过期'},
  {code: 6, kind: 'integrity', meaning: '完整性破坏：证据摘要与登记不符，或审计链不一致，操作已中止；media verify 发现证据已改变、缺失、被移动、被替换为符号链接或有未登记文件'},
  {code: 7, kind: 'io', meaning: '读写或外部程序失败'},
  {code: 10, kind: 'internal', meaning: '内部错误（请报告）'},
  {code: 130, kind: 'interrupted', meaning: '被中断（Ctrl-C）：未完成的部分已撤销，已完成的保留'},
] as const satisfies ReadonlyArray<{code: number; kind: 'ok' | FailureKind; meaning: string}>

export const exitCodeFor = (kind: FailureKind): number =>
  EXIT_CODES.find((entry) => entry.kind === kind)?.code ?? 10
