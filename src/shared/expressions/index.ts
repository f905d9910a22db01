// Junction's expression language (domain.md §13): parse once (validate as you type, save-time checks),
// evaluate many times (the sync engine). Pure TypeScript, shared by the renderer and the engine.

export { FUNCTION_CATALOGUE } from './catalogue';
export { evaluateExpression, expressionInputs, toStoredScalar } from './evaluate';
export { parseExpression, suggestFunction } from './parse';
export {
  type EvaluationContext,
  EXPRESSION_LIMITS,
  ExpressionError,
  type ExpressionInput,
  type ExpressionLimits,
  type ExpressionProblem,
  type ExpressionScope,
  type ExprNode,
  type ExprScalar,
  type ExprValue,
  type FunctionInfo,
  type ParsedExpression,
  type ParseResult,
} from './types';
