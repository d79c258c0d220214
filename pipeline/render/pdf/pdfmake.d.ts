// pdfmake 0.3 ships no type declarations for its Node entry; pdf.ts narrows it to what it uses.
declare module 'pdfmake' {
  const pdfmake: unknown;
  export default pdfmake;
}
