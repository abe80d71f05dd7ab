// SPDX-License-Identifier: GPL-3.0-or-later
//
// An independent tus 1.0.0 server for the sync engine's tus client to
// upload to: @tus/server with @tus/file-store, on a free loopback port.
// It has no checksum extension, so the client must do without.
//
//   node server.cjs DIR
//
// prints the creation URL as its first line, stores uploads in DIR (the
// file is DIR/<upload id>) and runs until SIGTERM.
'use strict';

const http = require('http');
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');

const directory = process.argv[2];
if (!directory) {
  console.error('usage: node server.cjs DIR');
  process.exit(2);
}

const tus = new Server({
  path: '/files',
  datastore: new FileStore({ directory }),
});

const server = http.createServer((req, res) => tus.handle(req, res));
server.listen(0, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/files`);
});

process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
