// `npm run build` (n8n-node build) already copies icons into dist/. This task is kept for builds
// that run plain `tsc`: it copies the SVG/PNG icons next to the compiled files.
// gulp 5 re-encodes streams as UTF-8 unless told otherwise, which would corrupt PNG files.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
