// SPDX-License-Identifier: GPL-3.0-or-later
//
// tus-js-client uploads a photo to the built aduan-hub, is cut off partway,
// resumes from what the hub kept, and finishes; the photo the hub stored
// must have the SHA-256 the device declared. Prints TAP.
//
//   node tus-interop.cjs ADUAN_HUB INTEROP_COMPLAINT

'use strict'

const { spawn, execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')

const PHOTO_SIZE = 6 * 1024 * 1024
// PATCHes of 1 MiB, cut off during the third: at least two whole chunks
// are at the hub, whatever the client still had buffered.
const CHUNK_SIZE = 1024 * 1024
const CUT_AFTER = 2 * CHUNK_SIZE

let tus
try {
  tus = require(path.join(__dirname, 'node_modules', 'tus-js-client'))
} catch (error) {
  console.log('1..0 # SKIP tus-js-client is not installed: run npm ci --prefix tests/interop')
  process.exit(0)
}

const [hubPath, complaintTool] = process.argv.slice(2)
const tests = 8
let passed = 0
let current = 0

function ok (condition, description) {
  current++
  if (condition) {
    passed++
    console.log(`ok ${current} - ${description}`)
  } else {
    console.log(`not ok ${current} - ${description}`)
  }
  return condition
}

class Bail extends Error {}

function bail (message) {
  throw new Bail(message)
}

function sha256 (buffer) {
  return crypto.createHash('sha256').update(buffer).digest('hex')
}

function startHub (dataDir) {
  return new Promise((resolve, reject) => {
    const hub = spawn(hubPath, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: hub.stdout })
    hub.once('error', reject)
    hub.once('exit', (code) => reject(new Error(`aduan-hub exited with ${code} before printing its URL`)))
    lines.once('line', (line) => resolve({ hub, url: line.replace(/\/$/, '') }))
  })
}

function runCli (dataDir, ...args) {
  return execFileSync(hubPath, [...args, '--data-dir', dataDir], { encoding: 'utf8' }).split('\n')[0]
}

async function head (url, token) {
  const response = await fetch(url, {
    method: 'HEAD',
    headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' }
  })
  return Number(response.headers.get('Upload-Offset'))
}

// Resolves when the upload was cut off (or, on a very fast machine,
// finished before the cut could land).
function uploadUntilCut (photo, options) {
  return new Promise((resolve, reject) => {
    let cut = false
    const upload = new tus.Upload(photo, {
      ...options,
      onProgress (bytesSent) {
        if (!cut && bytesSent > CUT_AFTER && bytesSent < photo.length) {
          cut = true
          upload.abort().then(() => resolve({ upload, finished: false }))
        }
      },
      onSuccess () { resolve({ upload, finished: true }) },
      onError: reject
    })
    upload.start()
  })
}

function uploadToEnd (photo, options) {
  return new Promise((resolve, reject) => {
    let firstOffset = null
    const upload = new tus.Upload(photo, {
      ...options,
      onProgress (bytesSent) {
        if (firstOffset === null) firstOffset = bytesSent
      },
      onSuccess () { resolve({ upload, firstOffset }) },
      onError: reject
    })
    upload.start()
  })
}

async function main () {
  console.log(`1..${tests}`)

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-interop-'))
  let hub
  try {
    const started = await startHub(dataDir)
    hub = started.hub
    const url = started.url
    ok(url.startsWith('http://127.0.0.1:'), `aduan-hub listens on ${url}`)

    // Enroll as a device, and send the complaint before its photo.
    const code = runCli(dataDir, 'enroll-code', '--name', 'tus-js-client', '--role', 'officer')
    const enrolled = await (await fetch(`${url}/v1/enroll`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code })
    })).json()
    const admin = runCli(dataDir, 'token', '--role', 'admin')

    const photo = crypto.randomBytes(PHOTO_SIZE)
    photo[0] = 0xff
    photo[1] = 0xd8
    const digest = sha256(photo)
    const complaint = JSON.parse(execFileSync(complaintTool, [enrolled.tracking_prefix, digest, String(photo.length)],
      { encoding: 'utf8' }))
    const put = await fetch(`${url}/v1/complaints/${complaint.uuid}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${enrolled.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(complaint)
    })
    const record = await put.json()
    ok(put.status === 201 && record.missing_photos.length === 1 && record.missing_photos[0] === digest,
      'the complaint is in and its photo is missing')

    const options = {
      endpoint: `${url}/v1/uploads`,
      headers: { Authorization: `Bearer ${enrolled.token}` },
      metadata: { complaint: complaint.uuid, sha256: digest, filename: 'lubang.jpg', filetype: 'image/jpeg' },
      chunkSize: CHUNK_SIZE,
      retryDelays: null,
      storeFingerprintForResuming: false
    }

    // First attempt: cut off once bytes are flowing.
    const first = await uploadUntilCut(photo, options)
    if (!first.upload.url) bail('tus-js-client never created the upload')
    let held = 0
    for (let i = 0; i < 100; i++) {
      held = await head(first.upload.url, enrolled.token)
      if (held > 0 || first.finished) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    ok(first.finished || (held >= CUT_AFTER && held < photo.length),
      first.finished ? 'the upload finished before it could be cut (fast machine)'
        : `cut off; the hub kept ${held} of ${photo.length} bytes`)

    // Second attempt: resume at the hub's offset and finish.
    const second = await uploadToEnd(photo, { ...options, uploadUrl: first.upload.url })
    ok(second.upload.url === first.upload.url && (first.finished || second.firstOffset === null || second.firstOffset >= held),
      `resumed the same upload from byte ${held} and finished`)
    ok(await head(first.upload.url, enrolled.token) === photo.length, 'HEAD says every byte is in')

    // The stored photo is byte-identical: on disk and over the API.
    const onDisk = fs.readFileSync(path.join(dataDir, 'photos', digest))
    const served = Buffer.from(await (await fetch(`${url}/v1/photos/${digest}`, {
      headers: { Authorization: `Bearer ${admin}` }
    })).arrayBuffer())
    ok(sha256(onDisk) === digest && sha256(served) === digest, `the stored photo's SHA-256 is ${digest}`)

    const after = await (await fetch(`${url}/v1/complaints/${complaint.uuid}`, {
      headers: { Authorization: `Bearer ${enrolled.token}` }
    })).json()
    ok(after.missing_photos.length === 0, 'the complaint has all its photos')
  } catch (error) {
    // One line: TAP reads the rest as comments.
    console.log(`Bail out! ${(error instanceof Bail ? error.message : error.stack || String(error)).split('\n').join(' | ')}`)
    passed = -1
  } finally {
    if (hub) {
      const exited = new Promise((resolve) => hub.once('exit', (code, signal) => resolve({ code, signal })))
      hub.kill('SIGTERM')
      const { code, signal } = await exited
      if (passed >= 0) ok(code === 0, `aduan-hub stopped cleanly (${signal || code})`)
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }

  process.exit(passed === tests ? 0 : 1)
}

main()
