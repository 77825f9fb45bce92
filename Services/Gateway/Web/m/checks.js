// Checks made in the browser before a request, only to answer sooner; the API checks again and
// its message wins (its rules: docs/IDENTITY.md, ID-4).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** "" when `id` looks like a valid 18-digit GB 11643 number, else the problem in Chinese. */
export function idNumberProblem(id) {
  if (!id) return "请输入身份证号";
  if (id.length !== 18) return "身份证号应为18位";
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号只能包含数字和末位X";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== id[17]) return "身份证号校验位错误，请核对";
  return "";
}
