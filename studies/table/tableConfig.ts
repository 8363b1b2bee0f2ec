import { z } from 'zod';
import { positiveInt, studyConfigSchema } from '../recipe/recipeConfig.js';
import { QUICK_CONFIG, SEED_CONFIG } from '../recipe/recipeStages.js';
import { prepareStepSchema } from './data/prepareSteps.js';

const column = z.string().min(1, 'a column name is empty');
const distinctColumns = [(names: string[]) => new Set(names).size === names.length, 'names a column twice'] as const;

/** Which columns of the table the recipe uses, and how: `--target`, `--features`, `--categorical`. */
export const tableSpecSchema = z.strictObject({
  /** The numeric column to predict; required (`--target`). */
  target: column.optional(),
  /** The numeric predictors in order; absent: every numeric column but the target and the categoricals. */
  features: z.array(column).min(1, 'is empty').refine(...distinctColumns).optional(),
  /**
   * Columns that enter the OLS full design as get_dummies(drop_first=True) dummies.
   * @default []
   */
  categorical: z.array(column).refine(...distinctColumns),
  /**
   * A categorical with more levels than this is refused: it is an identifier, not a category.
   * @default 50
   */
  maxLevels: positiveInt,
  /** A study file's preparation: steps applied in order before the designs are made; absent: the table as read. */
  prepare: z.array(prepareStepSchema).optional(),
  /** Columns removed after the preparation (a derived column's source, an identifier): never a predictor. */
  drop: z.array(column).refine(...distinctColumns).optional(),
});

export type TableSpec = z.infer<typeof tableSpecSchema>;

/** The recipe's knobs and the table's columns. */
export const tableConfigSchema = studyConfigSchema.extend({ table: tableSpecSchema });

export type TableConfig = z.infer<typeof tableConfigSchema>;

/** What the profiles say of the table when the command line and the config file say nothing. */
export const TABLE_DEFAULTS: TableSpec = { categorical: [], maxLevels: 50 };

/** The notebook's grids (`seed`) and the smoke-run ones (`quick`), on any table. */
export const TABLE_PROFILES = {
  seed: { ...SEED_CONFIG, table: TABLE_DEFAULTS },
  quick: { ...QUICK_CONFIG, table: TABLE_DEFAULTS },
} as const;
