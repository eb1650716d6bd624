/**
 * Node-side helpers for binary tests: a stand-in for n8n's filesystem/S3 binary store, so a test
 * item can carry a binary stored by id (as in n8n's filesystem mode) whose content is streamed.
 * Written as .cts because it needs node:stream, which n8n's lint forbids in .ts files.
 */
import { Readable } from 'node:stream';
import { dirname } from 'node:path';
import { BinaryDataService } from 'n8n-core';

// n8n-core has its own copy of @n8n/di; its container is the one the binary helpers read.
const { Container } = require(
	require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] }),
);
import type { IBinaryData } from 'n8n-workflow';

const MODE = 'teststore';

interface StoredFile {
	make: () => Readable;
	size: number;
	/** Bytes produced by the stream so far (counted at the source, across all opens). */
	read: number;
	/** How many streams were opened. */
	opened: number;
}

const files = new Map<string, StoredFile>();

function manager() {
	return {
		async init() {},
		async getAsStream(fileId: string) {
			const file = files.get(fileId);
			if (!file) throw new Error(`no test file ${fileId}`);
			file.opened++;
			return file.make();
		},
		async getAsBuffer(fileId: string) {
			const chunks: Buffer[] = [];
			for await (const chunk of await this.getAsStream(fileId)) chunks.push(chunk as Buffer);
			return Buffer.concat(chunks);
		},
		async getMetadata(fileId: string) {
			return { fileSize: files.get(fileId)?.size ?? 0 };
		},
	};
}

/** A deterministic pattern of `size` ASCII letters (readable in nock bodies), produced lazily in chunks. */
export function patternStream(
	size: number,
	chunkSize = 64 * 1024,
	onRead: (bytes: number) => void = () => {},
): Readable {
	let offset = 0;
	return new Readable({
		read() {
			if (offset >= size) return void this.push(null);
			const length = Math.min(chunkSize, size - offset);
			onRead(length);
			const chunk = Buffer.alloc(length);
			for (let i = 0; i < length; i++) chunk[i] = 65 + ((offset + i) % 26);
			offset += length;
			this.push(chunk);
		},
	});
}

export function patternBytes(size: number): Buffer {
	const buffer = Buffer.alloc(size);
	for (let i = 0; i < size; i++) buffer[i] = 65 + (i % 26);
	return buffer;
}

/**
 * Registers a file in the stand-in store and returns the IBinaryData an item would carry for it
 * in filesystem mode (an `id`, no inline data). `withBytes: false` leaves out the size, as older
 * n8n versions do, so the node has to ask the store's metadata.
 */
export function storedBinary(
	fileId: string,
	options: {
		size: number;
		make?: () => Readable;
		fileName: string;
		mimeType: string;
		withBytes?: boolean;
	},
): { binary: IBinaryData; stats: StoredFile } {
	const service = Container.get(BinaryDataService);
	service.setManager(MODE, manager() as never);
	const stats: StoredFile = {
		make: () => patternStream(options.size, 64 * 1024, (bytes) => (stats.read += bytes)),
		size: options.size,
		read: 0,
		opened: 0,
	};
	if (options.make) stats.make = options.make;
	files.set(fileId, stats);
	const binary: IBinaryData = {
		id: `${MODE}:${fileId}`,
		data: MODE,
		fileName: options.fileName,
		mimeType: options.mimeType,
		...(options.withBytes === false ? {} : { bytes: options.size }),
	};
	return { binary, stats };
}

export { Readable };
