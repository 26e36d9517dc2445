export const PROCEDURES = [
  {id: 'permit', name: '行政许可', articles: '第七条至第十六条'},
  {id: 'penalty-summary', name: '行政处罚（简易程序）', articles: '第十七条至第十八条'},
  {id: 'penalty-general', name: '行政处罚（一般程序）', articles: '第十九条至第三十二条'},
  {id: 'inspection', name: '行政检查', articles: '第三十三条至第三十七条'},
  {id: 'coercion', name: '行政强制', articles: '第三十八条至第四十条'},
] as const

export type ProcedureId = (typeof PROCEDURES)[number]['id']
export type Procedure = (typeof PROCEDURES)[number]

export const PROCEDURE_IDS = PROCEDURES.map((procedure) => procedure.id) as ProcedureId[]

export const isProcedureId = (value: string): value is ProcedureId =>
  (PROCEDURE_IDS as string[]).includes(value)

export const findProcedure = (id: string): Procedure | undefined => PROCEDURES.find((procedure) => procedure.id === id)
