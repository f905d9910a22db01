// Types shared by the parser, the interpreter and the function table. Pure TypeScript: the renderer
// (validate as you type) and the engine (evaluate) both import this package.

export type ExprScalar = string | number | boolean | Date;
export type ExprValue = ExprScalar | ExprScalar[] | null;

/** Which accessor an expression may use: inbound flows read `cs[...]`, outbound flows read `mv[...]`. */
export type ExpressionScope = 'cs' | 'mv';

/** One `cs["..."]` / `mv["..."]` reference, with the attribute name as written. */
export interface ExpressionInput {
  scope: ExpressionScope;
  name: string;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = '&&' | '||';
export type UnaryOperator = '-' | '!';

/** The validated AST: plain data (JSON-safe), every node with the 0-based source offset it starts at. */
export type ExprNode =
  | { type: 'literal'; value: string | number | boolean | null; pos: number }
  | { type: 'attribute'; scope: ExpressionScope; name: string; pos: number }
  | { type: 'unary'; operator: UnaryOperator; argument: ExprNode; pos: number }
  | { type: 'binary'; operator: BinaryOperator; left: ExprNode; right: ExprNode; pos: number }
  | { type: 'logical'; operator: LogicalOperator; left: ExprNode; right: ExprNode; pos: number }
  | { type: 'conditional'; test: ExprNode; consequent: ExprNode; alternate: ExprNode; pos: number }
  | { type: 'array'; elements: ExprNode[]; pos: number }
  | { type: 'call'; name: string; args: ExprNode[]; pos: number };

export interface ParsedExpression {
  source: string;
  ast: ExprNode;
  /** Distinct attribute references (first spelling wins; names compare case-insensitively). */
  inputs: ExpressionInput[];
  /** Calls Now, Today or Random*: two evaluations over the same inputs may differ. */
  nonDeterministic: boolean;
}

export interface ExpressionProblem {
  message: string;
  /** 0-based character offset into the source, when known. */
  position: number | null;
}

export type ParseResult = { ok: true; expression: ParsedExpression } | { ok: false; error: ExpressionProblem };

/** Every evaluation failure is one of these (type errors, limits, division by zero, bad arguments). */
export class ExpressionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExpressionError';
  }
}

export interface EvaluationContext {
  /** The value of an attribute; the name is passed as written, the caller matches it case-insensitively. */
  get(scope: ExpressionScope, name: string): ExprValue;
  /** The clock for Now()/Today(); defaults to the system clock. */
  now?: () => Date;
  /** Uniform in [0, 1) for RandomPassword/RandomPassphrase; defaults to crypto.getRandomValues. */
  random?: () => number;
}

export interface ExpressionLimits {
  /** Source length in characters. */
  maxSourceLength: number;
  /** AST nesting depth. */
  maxDepth: number;
  /** Evaluation steps: one per operator/call/accessor plus one per list item a function walks. */
  maxSteps: number;
  /** Length of any string the expression produces. */
  maxStringLength: number;
  /** Length of any list the expression produces. */
  maxArrayLength: number;
}

export const EXPRESSION_LIMITS: Readonly<ExpressionLimits> = Object.freeze({
  maxSourceLength: 4096,
  maxDepth: 64,
  maxSteps: 100_000,
  maxStringLength: 65_536,
  maxArrayLength: 10_000,
});

/** Per-evaluation state handed to every compiled node and function. */
export interface Runtime {
  readonly ctx: EvaluationContext;
  readonly limits: ExpressionLimits;
  steps: number;
}

export interface FunctionInfo {
  name: string;
  signature: string;
  description: string;
  group: string;
  nonDeterministic: boolean;
}
