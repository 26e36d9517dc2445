import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * The layers of `src/`, lowest first. A folder may import only from folders before it in this list:
 * `platform` knows nothing of the domain, `law` is the data a legal reviewer reads, and `commands` are
 * the oclif adapters on top. `test/foundation/layers.test.ts` checks the same order and that no cycle remains.
 */
export const LAYERS = ['platform', 'law', 'workspace', 'people', 'cases', 'documents', 'media', 'rules', 'access', 'archive', 'app', 'cli', 'commands']

const OCLIF_ONLY_ABOVE = LAYERS.indexOf('cli')

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...LAYERS.slice(index + 1).map((higher) => ({
            group: [`**/${higher}/*`, `**/${higher}/**`],
            message: `${layer}/ 位于 ${higher}/ 之下：依赖只能向下（见 eslint.config.js 的 LAYERS）。`,
          })),
          // The domain never sees oclif: only cli/ and commands/ may import it.
          ...(index < OCLIF_ONLY_ABOVE ? [{group: ['@oclif/*'], message: '领域代码不得依赖 oclif：放到 cli/ 或 commands/。'}] : []),
          // Only platform/db knows the catalog is SQLite (see the override below).
          {group: ['better-sqlite3'], message: '只有 platform/db 直接使用 SQLite：从 platform/db/database.ts 取类型。'},
        ],
      },
    ],
  },
}))

/**
 * Only platform/db knows the catalog is SQLite: everything else talks to the `Catalog` interface
 * (platform/db/catalog.ts) in portable SQL, so a server database can stand behind it without touching
 * the domain. `test/foundation/layers.test.ts` shows these fire.
 */
const SQLITE_ONLY = '只有 platform/db 知道目录库是 SQLite：用 platform/db/catalog.ts 的 Catalog 接口和可移植的 SQL'
const DB_RECEIVER = "[callee.object.name='db'], [callee.object.property.name='db']"
const SQLITE_TEXT = '/sqlite_|rowid|\\bINSERT\\s+OR\\b|\\bREPLACE\\s+INTO\\b|\\bPRAGMA\\b/i'
const catalogRules = {
  files: ['src/**/*.ts'],
  ignores: ['src/platform/db/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {message: `${SQLITE_ONLY}（不要自己准备语句或设置 pragma）。`, selector: "CallExpression[callee.property.name=/^(prepare|pragma)$/]"},
      {message: `${SQLITE_ONLY}（事务用 writeTransaction）。`, selector: `CallExpression[callee.property.name=/^(exec|transaction)$/]:matches(${DB_RECEIVER})`},
      {message: `${SQLITE_ONLY}（新行的编号用 INSERT … RETURNING id）。`, selector: "Identifier[name='lastInsertRowid']"},
      {message: `${SQLITE_ONLY}（表是否存在用 hasTable，新增的行用 insertionMark/rowsInsertedSince，冲突用 ON CONFLICT … DO NOTHING）。`, selector: `Literal[value=${SQLITE_TEXT}]`},
      {message: `${SQLITE_ONLY}（表是否存在用 hasTable，新增的行用 insertionMark/rowsInsertedSince，冲突用 ON CONFLICT … DO NOTHING）。`, selector: `TemplateElement[value.raw=${SQLITE_TEXT}]`},
    ],
  },
}

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'oclif.manifest.json', 'examples/**', 'test/fixtures/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {Buffer: 'readonly', console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
  ...layerRules,
  catalogRules,
  {
    files: ['src/platform/db/**/*.ts'],
    rules: {'no-restricted-imports': 'off'},
  },
  {
    files: ['bench/**', 'scripts/**'],
    rules: {'no-console': 'off'},
  },
)
