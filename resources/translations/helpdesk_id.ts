<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name />
    <message>
        <location filename="../../desktop/common/errors.py" line="36" />
        <source>Not found</source>
        <translation>Tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="37" />
        <source>Not allowed</source>
        <translation>Tidak diizinkan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="38" />
        <source>Not possible now</source>
        <translation>Tidak bisa sekarang</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="39" />
        <source>Please check your input</source>
        <translation>Mohon periksa isian Anda</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="40" />
        <source>Changed by someone else</source>
        <translation>Diubah oleh orang lain</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="41" />
        <source>Sign-in failed</source>
        <translation>Gagal masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="42" />
        <source>Database unavailable</source>
        <translation>Basis data tidak tersedia</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="43" />
        <source>Cannot connect</source>
        <translation>Tidak dapat terhubung</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="49" />
        <source>Helpdesk</source>
        <translation>Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="50" />
        <source>Unexpected error</source>
        <translation>Kesalahan tak terduga</translation>
    </message>
    <message>
        <location filename="../../desktop/common/errors.py" line="56" />
        <source>Something went wrong that should not have: {error}. The details are in the log.</source>
        <translation>Terjadi kesalahan yang seharusnya tidak terjadi: {error}. Rinciannya ada di log.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="43" />
        <source>{d}d {h}h</source>
        <translation>{d}h {h}j</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="45" />
        <source>{h}h {m:02d}m</source>
        <translation>{h}j {m:02d}m</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="46" />
        <source>{m}m</source>
        <translation>{m}m</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="82" />
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="85" />
        <source>overdue {t}</source>
        <translation>terlambat {t}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Claim</source>
        <translation>Ambil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Assign…</source>
        <translation>Tugaskan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Category / impact…</source>
        <translation>Kategori / dampak…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Priority…</source>
        <translation>Prioritas…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Pending user…</source>
        <translation>Menunggu pengguna…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="70" />
        <source>Pending vendor…</source>
        <translation>Menunggu vendor…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="70" />
        <source>Escalate…</source>
        <translation>Eskalasi…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="70" />
        <source>Resolve…</source>
        <translation>Selesaikan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="71" />
        <source>Close…</source>
        <translation>Tutup…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="71" />
        <source>Reopen…</source>
        <translation>Buka kembali…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="71" />
        <source>Merge…</source>
        <translation>Gabungkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="71" />
        <source>Link…</source>
        <translation>Tautkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="72" />
        <source>Run diagnostic…</source>
        <translation>Jalankan diagnostik…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="160" />
        <source>Waiting on the requester</source>
        <translation>Menunggu pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="160" />
        <source>Waiting on a vendor</source>
        <translation>Menunggu vendor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="161" />
        <source>What are you waiting for?</source>
        <translation>Apa yang sedang ditunggu?</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="162" />
        <source>The SLA clock pauses while the ticket waits.</source>
        <translation>Jam SLA berhenti selama tiket menunggu.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="201" />
        <source>Close ticket</source>
        <translation>Tutup tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="201" />
        <location filename="../../desktop/console/ticket/actions.py" line="211" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="202" />
        <source>Closed is final. An unresolved ticket needs a reason (duplicate, spam…).</source>
        <translation>Tiket yang ditutup tidak bisa dibuka lagi. Tiket yang belum selesai perlu alasan (duplikat, spam…).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="211" />
        <source>Reopen ticket</source>
        <translation>Buka kembali tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="220" />
        <source>Merge ticket</source>
        <translation>Gabungkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="220" />
        <source>Merge into:</source>
        <translation>Gabungkan ke:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="221" />
        <source>This ticket is a duplicate: it will be closed and its request copied onto the other ticket.</source>
        <translation>Tiket ini duplikat: tiket ini akan ditutup dan permintaannya disalin ke tiket lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="233" />
        <source>Link ticket</source>
        <translation>Tautkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="233" />
        <source>Related ticket:</source>
        <translation>Tiket terkait:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="25" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="25" />
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="25" />
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="26" />
        <source>Tier</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="26" />
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="26" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="27" />
        <source>Impact</source>
        <translation>Dampak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="27" />
        <source>Urgency</source>
        <translation>Urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="27" />
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="28" />
        <source>Link</source>
        <translation>Tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="28" />
        <location filename="../../desktop/console/ticket/timeline.py" line="60" />
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="28" />
        <source>Vendor reference</source>
        <translation>Referensi vendor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="29" />
        <source>Machine</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="80" />
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="88" />
        <source>Requester reply</source>
        <translation>Balasan pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="88" />
        <source>Reply</source>
        <translation>Balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="90" />
        <source>by email</source>
        <translation>lewat email</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="93" />
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="95" />
        <source>Diagnostic run</source>
        <translation>Diagnostik dijalankan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="86" />
        <source>'{url}' is not a helpdesk server address such as https://helpdesk.example.org.</source>
        <translation>'{url}' bukan alamat server helpdesk seperti https://helpdesk.example.org.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="89" />
        <source>The helpdesk server address must start with https:// so that your password is not sent in clear text.</source>
        <translation>Alamat server helpdesk harus diawali https:// agar kata sandi Anda tidak dikirim tanpa enkripsi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="116" />
        <source>Your session is invalid or has expired; please sign in again.</source>
        <translation>Sesi Anda tidak sah atau sudah kedaluwarsa; silakan masuk lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="120" />
        <source>You may not do this.</source>
        <translation>Anda tidak boleh melakukan ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="122" />
        <source>Not found on the helpdesk server.</source>
        <translation>Tidak ditemukan di server helpdesk.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="124" />
        <source>This is not possible in the ticket's current state.</source>
        <translation>Ini tidak bisa dilakukan pada status tiket saat ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="126" />
        <source>That is too large for the helpdesk server.</source>
        <translation>Itu terlalu besar untuk server helpdesk.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="129" />
        <source>The helpdesk server refused the input.</source>
        <translation>Server helpdesk menolak isian tersebut.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="136" />
        <source>Too many requests; try again in {s} seconds.</source>
        <translation>Terlalu banyak permintaan; coba lagi dalam {s} detik.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="139" />
        <source>The helpdesk server had a problem (HTTP {code}), so nothing was saved. Please try again later.</source>
        <translation>Server helpdesk mengalami masalah (HTTP {code}), jadi tidak ada yang disimpan. Silakan coba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="141" />
        <source>The helpdesk server refused the request (HTTP {code}).</source>
        <translation>Server helpdesk menolak permintaan (HTTP {code}).</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="403" />
        <source>The helpdesk server at {server} did not answer in time. Your request may or may not have been saved: look in My tickets before sending it again.</source>
        <translation>Server helpdesk di {server} tidak menjawab tepat waktu. Permintaan Anda mungkin sudah tersimpan, mungkin juga belum: periksa Tiket saya sebelum mengirimnya lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="414" />
        <source>The address {server} did not answer like a helpdesk server. Check the server address.</source>
        <translation>Alamat {server} tidak menjawab seperti server helpdesk. Periksa alamat servernya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="419" />
        <source>Cannot reach the helpdesk server at {server}, so nothing was sent. Check your network connection and try again.</source>
        <translation>Server helpdesk di {server} tidak dapat dihubungi, jadi tidak ada yang terkirim. Periksa koneksi jaringan Anda lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="53" />
        <source>Running diagnostics needs an L2 technician or above.</source>
        <translation>Menjalankan diagnostik memerlukan teknisi L2 atau lebih tinggi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="55" />
        <source>This ticket is not linked to a machine.</source>
        <translation>Tiket ini tidak terhubung dengan mesin.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="57" />
        <source>Looking up the machine…</source>
        <translation>Mencari mesin…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="59" />
        <source>{host} has no SSH target yet (helpdesk machine ssh-target).</source>
        <translation>{host} belum punya tujuan SSH (helpdesk machine ssh-target).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="61" />
        <source>{host} has no pinned SSH host key.</source>
        <translation>{host} tidak punya kunci host SSH yang disematkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="30" />
        <source>Run an approved diagnostic on {host} over SSH</source>
        <translation>Jalankan diagnostik yang disetujui di {host} lewat SSH</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="79" />
        <source>Open a ticket first.</source>
        <translation>Buka tiket terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/session.py" line="93" />
        <source>The approved diagnostics catalogue cannot be read: {error}</source>
        <translation>Katalog diagnostik yang disetujui tidak bisa dibaca: {error}</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="100" />
        <source>Assign ticket</source>
        <translation>Tugaskan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="103" />
        <source>(nobody: unassign)</source>
        <translation>(tidak ada: lepas penugasan)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="108" />
        <source>(off duty)</source>
        <translation>(tidak bertugas)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="112" />
        <source>Agent:</source>
        <translation>Agen:</translation>
    </message>
</context>
<context>
    <name>CsatPanel</name>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="43" />
        <source>Your problem was marked as solved. How satisfied are you with the help?</source>
        <translation>Masalah Anda ditandai selesai. Seberapa puas Anda dengan bantuannya?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="47" />
        <source>1 · very unhappy</source>
        <translation>1 · sangat tidak puas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="47" />
        <source>5 · very happy</source>
        <translation>5 · sangat puas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="56" />
        <source>Anything you want to tell us (optional)</source>
        <translation>Ada yang ingin Anda sampaikan? (opsional)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="57" />
        <source>Send rating</source>
        <translation>Kirim penilaian</translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="81" />
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="81" />
        <source>Last 30 days</source>
        <translation>30 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="82" />
        <source>Last 90 days</source>
        <translation>90 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="82" />
        <source>Custom</source>
        <translation>Kustom</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="92" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="95" />
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="107" />
        <source>Open backlog</source>
        <translation>Tiket terbuka</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="108" />
        <source>SLA compliance (resolved in period)</source>
        <translation>Kepatuhan SLA (selesai dalam periode)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="109" />
        <source>First contact resolution</source>
        <translation>Selesai pada kontak pertama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="110" />
        <source>Mean resolution time</source>
        <translation>Rata-rata waktu penyelesaian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="111" />
        <source>Customer satisfaction</source>
        <translation>Kepuasan pelanggan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="112" />
        <source>Created / resolved in period</source>
        <translation>Dibuat / selesai dalam periode</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="125" />
        <source>Your role cannot view reports. Ask a supervisor.</source>
        <translation>Peran Anda tidak dapat melihat laporan. Tanyakan supervisor.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="192" />
        <source>First response: mean {mean}, median {median}</source>
        <translation>Respons pertama: rata-rata {mean}, median {median}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="195" />
        <source>Open backlog by age</source>
        <translation>Tiket terbuka menurut umur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="198" />
        <source>Top categories (created in period)</source>
        <translation>Kategori teratas (dibuat dalam periode)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="201" />
        <source>Open backlog by tier</source>
        <translation>Tiket terbuka menurut tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="217" />
        <source>Tickets created per day</source>
        <translation>Tiket dibuat per hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="249" />
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="252" />
        <source>This period</source>
        <translation>Periode ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="257" />
        <source>Period before</source>
        <translation>Periode sebelumnya</translation>
    </message>
</context>
<context>
    <name>DiagnosticDialog</name>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="84" />
        <source>Run diagnostic on {host}</source>
        <translation>Jalankan diagnostik di {host}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="88" />
        <source>{host} · {os} · {user}@{target}:{port}</source>
        <translation>{host} · {os} · {user}@{target}:{port}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="93" />
        <source>Machine:</source>
        <translation>Mesin:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="105" />
        <source>Record on ticket:</source>
        <translation>Catat pada tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="125" />
        <source>Run</source>
        <translation>Jalankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="141" />
        <source>The output appears here.</source>
        <translation>Keluaran muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="168" />
        <source>No approved diagnostic is available for your tier on this machine.</source>
        <translation>Tidak ada diagnostik yang disetujui untuk tingkat Anda di mesin ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="216" />
        <source>Enter the ticket to record the run on.</source>
        <translation>Masukkan tiket untuk mencatat hasil jalannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="254" />
        <source>Running {id} on {host}…</source>
        <translation>Menjalankan {id} di {host}…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="267" />
        <source>Refused by the machine's gate</source>
        <translation>Ditolak oleh gerbang mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="268" />
        <source>The diagnostic failed</source>
        <translation>Diagnostik gagal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="274" />
        <source>Exit code {code}</source>
        <translation>Kode keluar {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="275" />
        <source>{ms} ms</source>
        <translation>{ms} md</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="277" />
        <source>Timed out: stopped at the catalogue's time limit</source>
        <translation>Waktu habis: dihentikan pada batas waktu katalog</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="279" />
        <source>Truncated: output cut at the catalogue's size limit</source>
        <translation>Terpotong: keluaran dipotong pada batas ukuran katalog</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="287" />
        <source>Not run: {reason}</source>
        <translation>Tidak dijalankan: {reason}</translation>
    </message>
</context>
<context>
    <name>EnrolmentDialog</name>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="42" />
        <source>Set up two-factor sign-in</source>
        <translation>Atur masuk dua faktor</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="44" />
        <source>Scan this code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP), then type the 6-digit code it shows.</source>
        <translation>Pindai kode ini dengan aplikasi autentikator (misalnya Google Authenticator, Microsoft Authenticator, atau FreeOTP), lalu ketik kode 6 digit yang ditampilkannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="62" />
        <source>Copy recovery codes</source>
        <translation>Salin kode pemulihan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="64" />
        <source>Keep the recovery codes somewhere safe: each signs you in once if you lose your phone. The secret and the codes are shown only now.</source>
        <translation>Simpan kode pemulihan di tempat yang aman: masing-masing dapat dipakai sekali untuk masuk jika ponsel Anda hilang. Rahasia dan kode-kode ini hanya ditampilkan sekarang.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="73" />
        <source>Secret (to type in instead):</source>
        <translation>Rahasia (untuk diketik sebagai gantinya):</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="74" />
        <source>Recovery codes:</source>
        <translation>Kode pemulihan:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="76" />
        <source>Code from the app:</source>
        <translation>Kode dari aplikasi:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="80" />
        <source>Confirm</source>
        <translation>Konfirmasi</translation>
    </message>
    <message>
        <location filename="../../desktop/common/twofactor_dialog.py" line="100" />
        <source>Type the 6-digit code your app shows.</source>
        <translation>Ketik kode 6 digit yang ditampilkan aplikasi Anda.</translation>
    </message>
</context>
<context>
    <name>EscalateDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="150" />
        <source>Escalate ticket</source>
        <translation>Eskalasi tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="151" />
        <source>L4 means an external vendor: the ticket waits on them and its SLA clock pauses.</source>
        <translation>L4 berarti vendor eksternal: tiket menunggu mereka dan jam SLA-nya berhenti.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="155" />
        <source>L2 — desktop support</source>
        <translation>L2 — dukungan desktop</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="155" />
        <source>L3 — infrastructure</source>
        <translation>L3 — infrastruktur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="156" />
        <source>L4 — external vendor</source>
        <translation>L4 — vendor eksternal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="164" />
        <source>Vendor's case number (L4 only)</source>
        <translation>Nomor kasus vendor (khusus L4)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="165" />
        <source>Escalate to:</source>
        <translation>Eskalasi ke:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="166" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="167" />
        <source>Vendor reference:</source>
        <translation>Referensi vendor:</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="124" />
        <source>Category, impact and urgency</source>
        <translation>Kategori, dampak dan urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="127" />
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="135" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="136" />
        <source>Impact:</source>
        <translation>Dampak:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="137" />
        <source>Urgency:</source>
        <translation>Urgensi:</translation>
    </message>
</context>
<context>
    <name>HelpSearchDialog</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="55" />
        <source>Search help articles</source>
        <translation>Cari artikel bantuan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="59" />
        <source>Type a few words, e.g. printer, VPN, password…</source>
        <translation>Ketik beberapa kata, mis. printer, VPN, kata sandi…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="67" />
        <source>This helped</source>
        <translation>Ini membantu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="68" />
        <source>This did not help</source>
        <translation>Ini tidak membantu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="94" />
        <source>No articles match. Try other words, or report the problem.</source>
        <translation>Tidak ada artikel yang cocok. Coba kata lain, atau laporkan masalahnya.</translation>
    </message>
</context>
<context>
    <name>HttpSignInDialog</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="246" />
        <source>Remember me on this computer</source>
        <translation>Ingat saya di komputer ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="248" />
        <source>Keeps the sign-in in the system's keyring, never in a file.</source>
        <translation>Menyimpan sesi masuk di keyring sistem, tidak pernah di dalam file.</translation>
    </message>
</context>
<context>
    <name>KbPane</name>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="46" />
        <source>Search articles…</source>
        <translation>Cari artikel…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="54" />
        <source>New article</source>
        <translation>Artikel baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="69" />
        <source>comma-separated, e.g. vpn, remote</source>
        <translation>dipisah koma, mis. vpn, remote</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="75" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="78" />
        <source>Publish</source>
        <translation>Terbitkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="81" />
        <source>Archive</source>
        <translation>Arsipkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="85" />
        <source>Title:</source>
        <translation>Judul:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="86" />
        <source>Tags:</source>
        <translation>Tag:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="126" />
        <source>No articles found</source>
        <translation>Tidak ada artikel</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="133" />
        <source>draft</source>
        <translation>draf</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="133" />
        <source>published</source>
        <translation>terbit</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="134" />
        <source>archived</source>
        <translation>diarsipkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="161" />
        <source>New draft</source>
        <translation>Draf baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="163" />
        <source>{status} · updated {when} · {views} views · {yes} found it helpful, {no} did not</source>
        <translation>{status} · diperbarui {when} · dilihat {views} kali · {yes} merasa terbantu, {no} tidak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="167" />
        <source>solved {tickets}</source>
        <translation>menyelesaikan {tickets}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/kb/view.py" line="192" />
        <source>Your text is still here: copy it, reopen the article and apply it again.</source>
        <translation>Teks Anda masih ada: salin, buka lagi artikelnya, lalu terapkan kembali.</translation>
    </message>
</context>
<context>
    <name>MachinesPane</name>
    <message>
        <location filename="../../desktop/console/machines.py" line="49" />
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="49" />
        <source>Operating system</source>
        <translation>Sistem operasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="49" />
        <source>Last seen</source>
        <translation>Terakhir terlihat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="50" />
        <source>Active alerts</source>
        <translation>Peringatan aktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="50" />
        <source>Probe</source>
        <translation>Probe</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="67" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="70" />
        <source>Run diagnostic…</source>
        <translation>Jalankan diagnostik…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="89" />
        <source>Your role cannot see machines.</source>
        <translation>Peran Anda tidak dapat melihat perangkat.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="113" />
        <source>No machines yet.

Machines appear here once the helpdesk probe is installed on them and has reported in.</source>
        <translation>Belum ada perangkat.

Perangkat muncul di sini setelah probe helpdesk dipasang dan mengirim laporan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/machines.py" line="125" />
        <source>Select a machine first.</source>
        <translation>Pilih mesin terlebih dahulu.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/console/main_window.py" line="47" />
        <source>Helpdesk console — {name}</source>
        <translation>Konsol helpdesk — {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="63" />
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="67" />
        <source>Knowledge base</source>
        <translation>Basis pengetahuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="68" />
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="69" />
        <source>Machines</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="74" />
        <source>Signed in as {name} ({user}) · {role}</source>
        <translation>Masuk sebagai {name} ({user}) · {role}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="80" />
        <location filename="../../desktop/console/main_window.py" line="90" />
        <location filename="../../desktop/console/main_window.py" line="245" />
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="86" />
        <source>Working…</source>
        <translation>Memproses…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="91" />
        <source>Notifications are not available yet</source>
        <translation>Notifikasi belum tersedia</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="166" />
        <source>&amp;Helpdesk</source>
        <translation>&amp;Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="167" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="168" />
        <source>Two-factor sign-in…</source>
        <translation>Masuk dua faktor…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="170" />
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="171" />
        <source>&amp;Ticket</source>
        <translation>&amp;Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="172" />
        <source>Next ticket</source>
        <translation>Tiket berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="173" />
        <source>Previous ticket</source>
        <translation>Tiket sebelumnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="174" />
        <location filename="../../desktop/console/main_window.py" line="234" />
        <source>Reply</source>
        <translation>Balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="175" />
        <location filename="../../desktop/console/main_window.py" line="235" />
        <source>Send reply</source>
        <translation>Kirim balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="179" />
        <location filename="../../desktop/console/main_window.py" line="236" />
        <source>Search the queue</source>
        <translation>Cari di antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="180" />
        <location filename="../../desktop/console/main_window.py" line="237" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="181" />
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="182" />
        <location filename="../../desktop/console/main_window.py" line="239" />
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="217" />
        <source>Two-factor sign-in</source>
        <translation>Masuk dua faktor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="218" />
        <source>Two-factor sign-in is on: from now on you sign in with your password and a code from the app.</source>
        <translation>Masuk dua faktor sudah aktif: mulai sekarang Anda masuk dengan kata sandi dan kode dari aplikasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="234" />
        <source>Next / previous ticket</source>
        <translation>Tiket berikutnya / sebelumnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="235" />
        <source>Resolve</source>
        <translation>Selesaikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="236" />
        <source>Claim</source>
        <translation>Ambil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="237" />
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="244" />
        <source>Notifications ({n})</source>
        <translation>Notifikasi ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="253" />
        <source>No new notifications</source>
        <translation>Tidak ada notifikasi baru</translation>
    </message>
</context>
<context>
    <name>MyTicketsWindow</name>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="80" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="88" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="96" />
        <source>Choose a ticket on the left.</source>
        <translation>Pilih tiket di sebelah kiri.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="108" />
        <source>Write to the helpdesk… (replying to a solved ticket reopens it)</source>
        <translation>Tulis ke helpdesk… (membalas tiket yang sudah selesai akan membukanya kembali)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="110" />
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="146" />
        <source>opened {when}</source>
        <translation>dibuka {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="153" />
        <source>You have not reported any problems yet.</source>
        <translation>Anda belum melaporkan masalah apa pun.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="179" />
        <source>Status: {status} · opened {when}</source>
        <translation>Status: {status} · dibuka {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="182" />
        <source>handled by {name}</source>
        <translation>ditangani oleh {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="184" />
        <source>Solution: {text}</source>
        <translation>Solusi: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="188" />
        <source>You wrote: {text}</source>
        <translation>Anda menulis: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="199" />
        <source>This ticket is closed. Report a new problem instead.</source>
        <translation>Tiket ini sudah ditutup. Silakan laporkan masalah baru.</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="27" />
        <source>This diagnostic takes no parameters.</source>
        <translation>Diagnostik ini tidak memerlukan parameter.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="59" />
        <location filename="../../desktop/console/diagnostics/form.py" line="65" />
        <source>(not set)</source>
        <translation>(tidak diisi)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="99" />
        <source>{name} is required.</source>
        <translation>{name} wajib diisi.</translation>
    </message>
</context>
<context>
    <name>PriorityDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="193" />
        <source>Override priority</source>
        <translation>Ubah prioritas secara manual</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="196" />
        <source>Back to impact × urgency</source>
        <translation>Kembali ke dampak × urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="202" />
        <source>Priority:</source>
        <translation>Prioritas:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="203" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="117" />
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="117" />
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="117" />
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="117" />
        <source>Requester</source>
        <translation>Pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="118" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="118" />
        <source>Tier</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="118" />
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="118" />
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="119" />
        <source>Updated</source>
        <translation>Diperbarui</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="349" />
        <source>Response due</source>
        <translation>Batas respons</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="349" />
        <source>Resolution due</source>
        <translation>Batas penyelesaian</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="86" />
        <source>Search subject, description or ticket number…</source>
        <translation>Cari subjek, deskripsi atau nomor tiket…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="93" />
        <source>Save filter…</source>
        <translation>Simpan filter…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="96" />
        <source>Delete filter</source>
        <translation>Hapus filter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="150" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="150" />
        <source>Unassigned</source>
        <translation>Belum ditugaskan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="151" />
        <source>My team</source>
        <translation>Tim saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="151" />
        <source>Near / over SLA</source>
        <translation>Mendekati / lewat SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="152" />
        <source>All tickets</source>
        <translation>Semua tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="152" />
        <source>My requests</source>
        <translation>Permintaan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="203" />
        <source>Save filter</source>
        <translation>Simpan filter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="203" />
        <source>Name of the filter:</source>
        <translation>Nama filter:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/console/queue/view.py" line="225" />
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n tiket</numerusform></translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="58" />
        <source>Report a problem</source>
        <translation>Laporkan masalah</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="64" />
        <source>In a few words: what is wrong?</source>
        <translation>Singkatnya: apa masalahnya?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="67" />
        <source>What happened, since when, any error message…</source>
        <translation>Apa yang terjadi, sejak kapan, pesan galat…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="70" />
        <source>I don't know</source>
        <translation>Saya tidak tahu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="73" />
        <source>It can wait</source>
        <translation>Bisa menunggu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="73" />
        <source>It slows me down</source>
        <translation>Menghambat pekerjaan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="74" />
        <source>I cannot work</source>
        <translation>Saya tidak bisa bekerja</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="79" />
        <source>Just me</source>
        <translation>Hanya saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="79" />
        <source>My team</source>
        <translation>Tim saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="80" />
        <source>Many people / the whole office</source>
        <translation>Banyak orang / seluruh kantor</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="82" />
        <source>Attach a screenshot of my screen</source>
        <translation>Lampirkan tangkapan layar saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="85" />
        <source>Subject:</source>
        <translation>Subjek:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="86" />
        <source>Description:</source>
        <translation>Deskripsi:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="87" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="88" />
        <source>How urgent is it?</source>
        <translation>Seberapa mendesak?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="89" />
        <source>Who is affected?</source>
        <translation>Siapa yang terdampak?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="94" />
        <source>These help articles may solve it right away:</source>
        <translation>Artikel bantuan ini mungkin langsung menyelesaikannya:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="102" />
        <source>This solved it</source>
        <translation>Ini menyelesaikannya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="121" />
        <source>Submit</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="124" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="167" />
        <source>Describe the problem and matching articles appear here.</source>
        <translation>Jelaskan masalahnya, dan artikel yang cocok akan muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="200" />
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="207" />
        <source>Sent as {number}.</source>
        <translation>Terkirim sebagai {number}.</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="83" />
        <source>Resolve ticket</source>
        <translation>Selesaikan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="84" />
        <source>Describe the solution. The requester sees it and is asked to rate the help they got.</source>
        <translation>Jelaskan solusinya. Pelapor akan melihatnya dan diminta menilai bantuan yang diterima.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="89" />
        <source>Turn the solution into a knowledge-base draft</source>
        <translation>Jadikan solusi ini draf basis pengetahuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="92" />
        <source>Solution:</source>
        <translation>Solusi:</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="27" />
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="35" />
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="36" />
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="39" />
        <source>Windows opened from now on use the new language; restart to change all of them.</source>
        <translation>Jendela yang dibuka setelah ini memakai bahasa baru; mulai ulang untuk mengubah semuanya.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="45" />
        <source>Language:</source>
        <translation>Bahasa:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="46" />
        <source>Theme:</source>
        <translation>Tema:</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/common/signin.py" line="47" />
        <source>6-digit code or a recovery code</source>
        <translation>Kode 6 digit atau kode pemulihan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="53" />
        <source>User name:</source>
        <translation>Nama pengguna:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="54" />
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="55" />
        <source>One-time code:</source>
        <translation>Kode sekali pakai:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="60" />
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="74" />
        <source>Enter your user name and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="77" />
        <source>Signing in…</source>
        <translation>Sedang masuk…</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="109" />
        <source>Two-factor sign-in was not set up.</source>
        <translation>Masuk dua faktor tidak jadi diatur.</translation>
    </message>
</context>
<context>
    <name>TicketHeader</name>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="65" />
        <source>priority set by hand</source>
        <translation>prioritas diatur manual</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="67" />
        <source>merged into {n}</source>
        <translation>digabung ke {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="74" />
        <source>Requester</source>
        <translation>Pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="75" />
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="75" />
        <source>unassigned</source>
        <translation>belum ditugaskan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="76" />
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="77" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="77" />
        <source>uncategorised</source>
        <translation>tanpa kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="78" />
        <source>Impact / urgency</source>
        <translation>Dampak / urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="79" />
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="82" />
        <source>Vendor ref.</source>
        <translation>Ref. vendor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="84" />
        <source>Linked</source>
        <translation>Tertaut</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="86" />
        <source>Attachments</source>
        <translation>Lampiran</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="101" />
        <source>Response:</source>
        <translation>Respons:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="104" />
        <source>answered {t}</source>
        <translation>dijawab {t}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="106" />
        <source>(late)</source>
        <translation>(terlambat)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="115" />
        <source>Resolution:</source>
        <translation>Penyelesaian:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="118" />
        <source>resolved {t}</source>
        <translation>diselesaikan {t}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="130" />
        <source>paused (due {at} before the pause)</source>
        <translation>dijeda (batas {at} sebelum jeda)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="132" />
        <source>overdue by {t} (was due {at})</source>
        <translation>terlambat {t} (batas {at})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/header.py" line="133" />
        <source>due {at} (in {t})</source>
        <translation>batas {at} ({t} lagi)</translation>
    </message>
</context>
<context>
    <name>TicketView</name>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="68" />
        <source>Select a ticket in the queue to see it here.</source>
        <translation>Pilih tiket di antrean untuk melihatnya di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="101" />
        <source>Apply my change again</source>
        <translation>Terapkan lagi perubahan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="104" />
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="118" />
        <source>Insert a canned response…</source>
        <translation>Sisipkan balasan siap pakai…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="122" />
        <source>Write a reply to the requester, or an internal note…</source>
        <translation>Tulis balasan untuk pelapor, atau catatan internal…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="125" />
        <source>Send reply</source>
        <translation>Kirim balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="128" />
        <source>Add internal note</source>
        <translation>Tambah catatan internal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="142" />
        <source>Insert into reply</source>
        <translation>Sisipkan ke balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="147" />
        <source>Suggested articles</source>
        <translation>Artikel yang disarankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="229" />
        <source>No matching articles</source>
        <translation>Tidak ada artikel yang cocok</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="307" />
        <source>…and {n} more</source>
        <translation>…dan {n} lainnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="309" />
        <source>Your text is kept; check their change, then apply yours again.</source>
        <translation>Teks Anda tetap tersimpan; periksa perubahan mereka, lalu terapkan lagi perubahan Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="314" />
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="317" />
        <source>reply</source>
        <translation>balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="317" />
        <source>internal note</source>
        <translation>catatan internal</translation>
    </message>
</context>
<context>
    <name>TrayApp</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="124" />
        <source>Report a problem…</source>
        <translation>Laporkan masalah…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="125" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="126" />
        <source>Search help articles…</source>
        <translation>Cari artikel bantuan…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="130" />
        <source>Sign out</source>
        <translation>Keluar dari akun</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="131" />
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="138" />
        <source>Helpdesk — {name}</source>
        <translation>Helpdesk — {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="153" />
        <source>Helpdesk</source>
        <translation>Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="155" />
        <source>Hello {name}. How can we help?</source>
        <translation>Halo {name}. Ada yang bisa kami bantu?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="189" />
        <source>Screenshots cannot be sent to this helpdesk server yet</source>
        <translation>Tangkapan layar belum bisa dikirim ke server helpdesk ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="197" />
        <source>Problem reported</source>
        <translation>Masalah dilaporkan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="198" />
        <source>{number} was sent to the helpdesk.</source>
        <translation>{number} telah dikirim ke helpdesk.</translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <location filename="../../desktop/console/app.py" line="63" />
        <source>Helpdesk console — sign in</source>
        <translation>Konsol helpdesk — masuk</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="334" />
        <location filename="../../desktop/tray/app.py" line="378" />
        <source>Helpdesk — sign in</source>
        <translation>Helpdesk — masuk</translation>
    </message>
</context>
</TS>