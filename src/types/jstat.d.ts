/** The slice of jStat (a CommonJS module without bundled types) this project calls. */
declare module 'jstat' {
  interface JStat {
    /** ln B(a, b). */
    betaln(a: number, b: number): number;
    studentt: {
      /** Quantile of Student's t: about 1e-8 relative accuracy. */
      inv(p: number, dof: number): number;
    };
  }
  const jStat: JStat;
  export default jStat;
}
