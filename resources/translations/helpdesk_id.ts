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
        <location filename="../../desktop/common/fmt.py" line="48" />
        <source>{d}d {h}h</source>
        <translation>{d}h {h}j</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="50" />
        <source>{h}h {m:02d}m</source>
        <translation>{h}j {m:02d}m</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="51" />
        <source>{m}m</source>
        <translation>{m}m</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="87" />
        <location filename="../../desktop/console/queue/columns.py" line="64" />
        <source>paused</source>
        <translation>dijeda</translation>
    </message>
    <message>
        <location filename="../../desktop/common/fmt.py" line="90" />
        <location filename="../../desktop/console/queue/columns.py" line="63" />
        <source>overdue {t}</source>
        <translation>terlambat {t}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="66" />
        <source>Claim</source>
        <translation>Ambil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="66" />
        <source>Assign…</source>
        <translation>Tugaskan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="66" />
        <source>Category / impact…</source>
        <translation>Kategori / dampak…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="67" />
        <source>Priority…</source>
        <translation>Prioritas…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="67" />
        <source>Pending user…</source>
        <translation>Menunggu pengguna…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Pending vendor…</source>
        <translation>Menunggu vendor…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Escalate…</source>
        <translation>Eskalasi…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="68" />
        <source>Resolve…</source>
        <translation>Selesaikan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Close…</source>
        <translation>Tutup…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Reopen…</source>
        <translation>Buka kembali…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Merge…</source>
        <translation>Gabungkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="69" />
        <source>Link…</source>
        <translation>Tautkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="70" />
        <source>Run diagnostic…</source>
        <translation>Jalankan diagnostik…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="70" />
        <source>Major incident…</source>
        <translation>Insiden besar…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="172" />
        <source>Waiting on the requester</source>
        <translation>Menunggu pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="172" />
        <source>Waiting on a vendor</source>
        <translation>Menunggu vendor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="173" />
        <source>What are you waiting for?</source>
        <translation>Apa yang sedang ditunggu?</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="174" />
        <source>The SLA clock pauses while the ticket waits.</source>
        <translation>Jam SLA berhenti selama tiket menunggu.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="222" />
        <source>Close ticket</source>
        <translation>Tutup tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="222" />
        <location filename="../../desktop/console/ticket/actions.py" line="235" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="223" />
        <source>Closed is final. An unresolved ticket needs a reason (duplicate, spam…).</source>
        <translation>Tiket yang ditutup tidak bisa dibuka lagi. Tiket yang belum selesai perlu alasan (duplikat, spam…).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="235" />
        <source>Reopen ticket</source>
        <translation>Buka kembali tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="247" />
        <source>Merge ticket</source>
        <translation>Gabungkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="247" />
        <source>Merge into:</source>
        <translation>Gabungkan ke:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="248" />
        <source>This ticket is a duplicate: it will be closed and its request copied onto the other ticket.</source>
        <translation>Tiket ini duplikat: tiket ini akan ditutup dan permintaannya disalin ke tiket lain.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="263" />
        <source>Link ticket</source>
        <translation>Tautkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="263" />
        <source>Related ticket:</source>
        <translation>Tiket terkait:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="278" />
        <source>suggested</source>
        <translation>disarankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/actions.py" line="278" />
        <source>confirmed</source>
        <translation>terkonfirmasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="33" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="33" />
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="33" />
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="34" />
        <source>Tier</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="34" />
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="34" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="35" />
        <source>Impact</source>
        <translation>Dampak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="35" />
        <source>Urgency</source>
        <translation>Urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="35" />
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="36" />
        <source>Link</source>
        <translation>Tautan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="36" />
        <location filename="../../desktop/console/ticket/timeline.py" line="79" />
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="36" />
        <source>Vendor reference</source>
        <translation>Referensi vendor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="37" />
        <source>Machine</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="37" />
        <source>Checklist</source>
        <translation>Daftar periksa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="37" />
        <source>Checklist step</source>
        <translation>Langkah daftar periksa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="38" />
        <source>Major incident</source>
        <translation>Insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="92" />
        <source>Show the whole mail ({n} lines)</source>
        <translation>Tampilkan seluruh email ({n} baris)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="93" />
        <source>Hide the whole mail</source>
        <translation>Sembunyikan seluruh email</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="143" />
        <source>Nothing has happened on this ticket yet.</source>
        <translation>Belum ada kejadian pada tiket ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="58" />
        <source>This machine has not sent a snapshot yet.</source>
        <translation>Mesin ini belum mengirim snapshot.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="60" />
        <location filename="../../desktop/console/ticket/timeline.py" line="117" />
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="61" />
        <source>Host name</source>
        <translation>Nama host</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="62" />
        <source>Operating system</source>
        <translation>Sistem operasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="64" />
        <source>Architecture</source>
        <translation>Arsitektur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="65" />
        <source>Running for</source>
        <translation>Menyala selama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="66" />
        <source>Collected</source>
        <translation>Dikumpulkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="67" />
        <source>Probe version</source>
        <translation>Versi probe</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="70" />
        <source>Processor and memory</source>
        <translation>Prosesor dan memori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="71" />
        <location filename="../../desktop/console/snapshot_view.py" line="104" />
        <source>Processor</source>
        <translation>Prosesor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="72" />
        <source>Cores</source>
        <translation>Inti</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="73" />
        <source>Processor load</source>
        <translation>Beban prosesor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="75" />
        <source>Memory used</source>
        <translation>Memori terpakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="75" />
        <location filename="../../desktop/console/snapshot_view.py" line="77" />
        <source>{used} of {total} ({percent})</source>
        <translation>{used} dari {total} ({percent})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="77" />
        <source>Swap used</source>
        <translation>Swap terpakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="81" />
        <source>Disks</source>
        <translation>Disk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="82" />
        <source>Mounted at</source>
        <translation>Titik kait</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="82" />
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="82" />
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="82" />
        <source>Free</source>
        <translation>Sisa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="82" />
        <source>Used</source>
        <translation>Terpakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="85" />
        <source>Network</source>
        <translation>Jaringan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="86" />
        <source>Interface</source>
        <translation>Antarmuka</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="86" />
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="86" />
        <source>Addresses</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="87" />
        <source>up</source>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="87" />
        <source>down</source>
        <translation>mati</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="93" />
        <source>Battery</source>
        <translation>Baterai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="94" />
        <source>Charge</source>
        <translation>Daya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="95" />
        <source>Power</source>
        <translation>Sumber daya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="95" />
        <source>plugged in</source>
        <translation>tersambung ke listrik</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="95" />
        <source>on battery</source>
        <translation>memakai baterai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="99" />
        <source>Signed in</source>
        <translation>Sedang masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="100" />
        <location filename="../../desktop/console/snapshot_view.py" line="104" />
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="100" />
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="103" />
        <source>Busiest processes</source>
        <translation>Proses tersibuk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="104" />
        <source>Process</source>
        <translation>Proses</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="104" />
        <source>Memory</source>
        <translation>Memori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/snapshot_view.py" line="109" />
        <source>Not collected</source>
        <translation>Tidak terkumpul</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="125" />
        <source>Requester reply</source>
        <translation>Balasan pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="125" />
        <source>Reply</source>
        <translation>Balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="127" />
        <source>by email</source>
        <translation>lewat email</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="132" />
        <source>Internal note</source>
        <translation>Catatan internal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/timeline.py" line="134" />
        <source>Diagnostic run</source>
        <translation>Diagnostik dijalankan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="94" />
        <source>'{url}' is not a helpdesk server address such as https://helpdesk.example.org.</source>
        <translation>'{url}' bukan alamat server helpdesk seperti https://helpdesk.example.org.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="97" />
        <source>The helpdesk server address must start with https:// so that your password is not sent in clear text.</source>
        <translation>Alamat server helpdesk harus diawali https:// agar kata sandi Anda tidak dikirim tanpa enkripsi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="182" />
        <source>Your session is invalid or has expired; please sign in again.</source>
        <translation>Sesi Anda tidak sah atau sudah kedaluwarsa; silakan masuk lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="184" />
        <source>You may not do this.</source>
        <translation>Anda tidak boleh melakukan ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="186" />
        <source>Not found on the helpdesk server.</source>
        <translation>Tidak ditemukan di server helpdesk.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="188" />
        <source>This is not possible in the ticket's current state.</source>
        <translation>Ini tidak bisa dilakukan pada status tiket saat ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="190" />
        <source>That is too large for the helpdesk server.</source>
        <translation>Itu terlalu besar untuk server helpdesk.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="192" />
        <source>The helpdesk server refused the input.</source>
        <translation>Server helpdesk menolak isian tersebut.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="153" />
        <source>Too many requests; try again in {s} seconds.</source>
        <translation>Terlalu banyak permintaan; coba lagi dalam {s} detik.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="158" />
        <source>The helpdesk server had a problem (HTTP {code}), so nothing was saved. Please try again later.</source>
        <translation>Server helpdesk mengalami masalah (HTTP {code}), jadi tidak ada yang disimpan. Silakan coba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="193" />
        <source>The helpdesk server refused the request (HTTP {code}).</source>
        <translation>Server helpdesk menolak permintaan (HTTP {code}).</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="463" />
        <source>The helpdesk server at {server} did not answer in time. Your request may or may not have been saved: look in My tickets before sending it again.</source>
        <translation>Server helpdesk di {server} tidak menjawab tepat waktu. Permintaan Anda mungkin sudah tersimpan, mungkin juga belum: periksa Tiket saya sebelum mengirimnya lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="474" />
        <source>The address {server} did not answer like a helpdesk server. Check the server address.</source>
        <translation>Alamat {server} tidak menjawab seperti server helpdesk. Periksa alamat servernya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/http_client.py" line="479" />
        <source>Cannot reach the helpdesk server at {server}, so nothing was sent. Check your network connection and try again.</source>
        <translation>Server helpdesk di {server} tidak dapat dihubungi, jadi tidak ada yang terkirim. Periksa koneksi jaringan Anda lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="31" />
        <source>Running diagnostics needs an L2 technician or above.</source>
        <translation>Menjalankan diagnostik memerlukan teknisi L2 atau lebih tinggi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="33" />
        <source>This ticket is not linked to a machine.</source>
        <translation>Tiket ini tidak terhubung dengan mesin.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="35" />
        <source>Looking up the machine…</source>
        <translation>Mencari mesin…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="37" />
        <source>{host} has no SSH target yet (helpdesk machine ssh-target).</source>
        <translation>{host} belum punya tujuan SSH (helpdesk machine ssh-target).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="39" />
        <source>{host} has no pinned SSH host key.</source>
        <translation>{host} tidak punya kunci host SSH yang disematkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="44" />
        <source>Run an approved diagnostic on {host} over SSH</source>
        <translation>Jalankan diagnostik yang disetujui di {host} lewat SSH</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/hooks.py" line="97" />
        <source>Open a ticket first.</source>
        <translation>Buka tiket terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/session.py" line="95" />
        <source>The approved diagnostics catalogue cannot be read: {error}</source>
        <translation>Katalog diagnostik yang disetujui tidak bisa dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="30" />
        <source>No ticket matches the saved filter “{name}”.</source>
        <translation>Tidak ada tiket yang cocok dengan filter tersimpan “{name}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="32" />
        <source>No ticket in “{view}” matches the search “{text}”.</source>
        <translation>Tidak ada tiket di “{view}” yang cocok dengan pencarian “{text}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="35" />
        <source>No open ticket is assigned to you.</source>
        <translation>Tidak ada tiket terbuka yang ditugaskan kepada Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="36" />
        <source>Every open ticket has someone working on it.</source>
        <translation>Setiap tiket terbuka sudah ada yang menangani.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="37" />
        <source>Your teams have no open ticket.</source>
        <translation>Tim Anda tidak punya tiket terbuka.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="38" />
        <source>No open ticket is near or over its SLA target.</source>
        <translation>Tidak ada tiket terbuka yang mendekati atau melewati target SLA.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="39" />
        <source>There are no tickets yet.</source>
        <translation>Belum ada tiket.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="40" />
        <source>You have not reported any problem yet.</source>
        <translation>Anda belum melaporkan masalah apa pun.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="70" />
        <source>Clear the search</source>
        <translation>Hapus pencarian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="70" />
        <source>Show all tickets</source>
        <translation>Tampilkan semua tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/empty.py" line="71" />
        <source>Show unassigned tickets</source>
        <translation>Tampilkan tiket yang belum ditugaskan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="33" />
        <source>{name} replied</source>
        <translation>{name} membalas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="34" />
        <source>the helpdesk replied</source>
        <translation>helpdesk membalas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="36" />
        <source>now {status}</source>
        <translation>sekarang {status}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="41" />
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="41" />
        <source>Reply to</source>
        <translation>Balasan untuk</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="43" />
        <source>Sent as {number}</source>
        <translation>Terkirim sebagai {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="45" />
        <source>Failed: {reason}</source>
        <translation>Gagal: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="47" />
        <source>Queued: {reason}</source>
        <translation>Dalam antrean: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="47" />
        <source>Queued</source>
        <translation>Dalam antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="71" />
        <source>Computer: {host}</source>
        <translation>Komputer: {host}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="72" />
        <source>System: {os} {release} ({build})</source>
        <translation>Sistem: {os} {release} ({build})</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="76" />
        <source>Running for {hours} hours since the last restart</source>
        <translation>Menyala {hours} jam sejak dinyalakan ulang terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="79" />
        <source>Processor: {percent:.0f}% busy</source>
        <translation>Prosesor: {percent:.0f}% sibuk</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="82" />
        <source>Memory: {used} of {total} in use ({percent:.0f}%)</source>
        <translation>Memori: {used} dari {total} terpakai ({percent:.0f}%)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="86" />
        <source>Disk {mount}: {free} free of {total}</source>
        <translation>Disk {mount}: {free} kosong dari {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="90" />
        <source>Battery: {percent:.0f}%</source>
        <translation>Baterai: {percent:.0f}%</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="93" />
        <source>Network connections up: {names}</source>
        <translation>Koneksi jaringan aktif: {names}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="96" />
        <source>Busiest programs: {names}</source>
        <translation>Program tersibuk: {names}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/machine_snapshot.py" line="97" />
        <source>Collected at {when} (UTC)</source>
        <translation>Dikumpulkan pada {when} (UTC)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/outbox.py" line="181" />
        <source>This item was already sent again or discarded.</source>
        <translation>Item ini sudah dikirim lagi atau dibuang.</translation>
    </message>
</context>
<context>
    <name>AdminPane</name>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="99" />
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="100" />
        <source>Teams</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="101" />
        <source>Categories &amp; rules</source>
        <translation>Kategori &amp; aturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="102" />
        <source>SLA policies</source>
        <translation>Kebijakan SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="103" />
        <source>Calendars &amp; holidays</source>
        <translation>Kalender &amp; hari libur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="104" />
        <source>Shifts</source>
        <translation>Jadwal shift</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="105" />
        <source>Canned responses</source>
        <translation>Jawaban siap pakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="106" />
        <source>Checklists</source>
        <translation>Daftar periksa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="107" />
        <source>Mail settings</source>
        <translation>Pengaturan surel</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="108" />
        <source>Diagnostics catalogue</source>
        <translation>Katalog diagnostik</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="109" />
        <source>Audit log</source>
        <translation>Log audit</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/pane.py" line="121" />
        <source>Choose what to administer on the left.</source>
        <translation>Pilih yang ingin dikelola di sebelah kiri.</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="105" />
        <source>Assign ticket</source>
        <translation>Tugaskan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="108" />
        <source>(nobody: unassign)</source>
        <translation>(tidak ada: lepas penugasan)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="113" />
        <source>(off duty)</source>
        <translation>(tidak bertugas)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="117" />
        <source>Agent:</source>
        <translation>Agen:</translation>
    </message>
</context>
<context>
    <name>AssistantDialog</name>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="40" />
        <source>Ask the help assistant</source>
        <translation>Tanya asisten bantuan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="48" />
        <source>Describe the problem in your own words, e.g. "the VPN disconnects every few minutes at home"</source>
        <translation>Jelaskan masalahnya dengan kata-kata Anda sendiri, misalnya "VPN terputus setiap beberapa menit di rumah"</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="51" />
        <source>Ask</source>
        <translation>Tanya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="54" />
        <source>Did this solve it?</source>
        <translation>Apakah ini menyelesaikannya?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="56" />
        <source>Yes, this solved it</source>
        <translation>Ya, ini menyelesaikannya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="59" />
        <location filename="../../desktop/tray/assistant.py" line="128" />
        <source>No, raise a ticket</source>
        <translation>Tidak, buat tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="75" />
        <source>Hello! Tell me what is wrong and I will look in the help articles.</source>
        <translation>Halo! Ceritakan apa masalahnya dan saya akan mencarinya di artikel bantuan.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="83" />
        <source>Assistant</source>
        <translation>Asisten</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="83" />
        <source>You</source>
        <translation>Anda</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="113" />
        <source>This is a known problem: {text} You do not need to report it.</source>
        <translation>Ini masalah yang sudah diketahui: {text} Anda tidak perlu melaporkannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="116" />
        <source>I found no help article for that. I can raise a ticket for you, with what you wrote.</source>
        <translation>Saya tidak menemukan artikel bantuan untuk itu. Saya dapat membuatkan tiket untuk Anda, berisi yang Anda tulis.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="118" />
        <source>Raise a ticket</source>
        <translation>Buat tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="124" />
        <source>Also related: {titles}</source>
        <translation>Juga terkait: {titles}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="126" />
        <source>This article may help: "{title}"</source>
        <translation>Artikel ini mungkin membantu: "{title}"</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="140" />
        <source>Glad it helped! No ticket was raised.</source>
        <translation>Senang bisa membantu! Tidak ada tiket yang dibuat.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/assistant.py" line="152" />
        <source>I raised {number} for you, with our conversation attached. The helpdesk will answer there.</source>
        <translation>Saya membuat {number} untuk Anda, dengan percakapan kita terlampir. Layanan bantuan akan menjawab di sana.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="40" />
        <source>user name, or system</source>
        <translation>nama pengguna, atau system</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="43" />
        <source>e.g. user. or sla.edit</source>
        <translation>misalnya user. atau sla.edit</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="49" />
        <source>id or host name</source>
        <translation>id atau nama host</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="50" />
        <source>Between</source>
        <translation>Antara</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="55" />
        <source>Filter</source>
        <translation>Saring</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="58" />
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="64" />
        <source>Who:</source>
        <translation>Siapa:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="66" />
        <source>Action:</source>
        <translation>Tindakan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="68" />
        <source>Ticket:</source>
        <translation>Tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="70" />
        <source>Machine:</source>
        <translation>Mesin:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="74" />
        <source>and</source>
        <translation>dan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="78" />
        <source>When</source>
        <translation>Kapan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="78" />
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="78" />
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="78" />
        <source>Record</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="79" />
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="123" />
        <source>{n} entries</source>
        <translation>{n} entri</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="126" />
        <source>Export the audit log</source>
        <translation>Ekspor log audit</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="127" />
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/audit.py" line="147" />
        <source>Wrote {n} entries to {path}.</source>
        <translation>{n} entri ditulis ke {path}.</translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <location filename="../../desktop/console/board/model.py" line="37" />
        <source>Machine</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="37" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="37" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="37" />
        <source>Memory</source>
        <translation>Memori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="38" />
        <source>Disk used</source>
        <translation>Disk terpakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="38" />
        <source>Alerts</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="38" />
        <source>Last user</source>
        <translation>Pengguna terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="38" />
        <source>Forecast</source>
        <translation>Prakiraan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="120" />
        <source>Disk full</source>
        <translation>Disk penuh</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="120" />
        <source>Low memory</source>
        <translation>Memori rendah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="121" />
        <source>Battery low</source>
        <translation>Baterai lemah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="131" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="132" />
        <source>Online</source>
        <translation>Daring</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/model.py" line="132" />
        <source>Offline since {when}</source>
        <translation>Luring sejak {when}</translation>
    </message>
</context>
<context>
    <name>BreakdownPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="42" />
        <source>Breakdown</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="48" />
        <source>Per agent</source>
        <translation>Per petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="48" />
        <source>Per team</source>
        <translation>Per tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="49" />
        <source>Per category</source>
        <translation>Per kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="49" />
        <source>Per ticket type</source>
        <translation>Per jenis tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="54" />
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="54" />
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="54" />
        <source>Resolved</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="54" />
        <source>FCR</source>
        <translation>FCR</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="54" />
        <source>First response</source>
        <translation>Respons pertama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="55" />
        <source>Resolution</source>
        <translation>Penyelesaian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="55" />
        <source>SLA met</source>
        <translation>SLA terpenuhi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="55" />
        <source>CSAT</source>
        <translation>CSAT</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="55" />
        <source>Backlog</source>
        <translation>Tunggakan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/breakdown.py" line="63" />
        <source>Show:</source>
        <translation>Tampilkan:</translation>
    </message>
</context>
<context>
    <name>BulkBar</name>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="87" />
        <source>Assign…</source>
        <translation>Tugaskan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="88" />
        <source>Resolve…</source>
        <translation>Selesaikan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="89" />
        <source>Close…</source>
        <translation>Tutup…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="90" />
        <source>Major incident…</source>
        <translation>Insiden besar…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="106" />
        <source>Selected: {n}</source>
        <translation>Dipilih: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="127" />
        <source>Nobody (back to the team's queue)</source>
        <translation>Tidak ada (kembali ke antrean tim)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="129" />
        <source>Give the selected tickets ({n}) to:</source>
        <translation>Berikan tiket yang dipilih ({n}) kepada:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="130" />
        <source>Assign tickets</source>
        <translation>Tugaskan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="137" />
        <source>Resolve tickets</source>
        <translation>Selesaikan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="138" />
        <source>One solution for the selected tickets ({n}); each requester is told and asked for a rating.</source>
        <translation>Satu solusi untuk tiket yang dipilih ({n}); setiap pemohon diberi tahu dan diminta memberi penilaian.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="139" />
        <source>Solution</source>
        <translation>Solusi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="144" />
        <source>Close the selected tickets ({n}) for good (spam, a mail loop, a test).</source>
        <translation>Tutup tiket yang dipilih ({n}) untuk seterusnya (spam, surel berulang, uji coba).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="145" />
        <source>Close tickets</source>
        <translation>Tutup tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="145" />
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="157" />
        <source>Add to a major incident</source>
        <translation>Tambahkan ke insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="158" />
        <source>Add the selected tickets ({n}) to:</source>
        <translation>Tambahkan tiket yang dipilih ({n}) ke:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="165" />
        <source>Changed: {n}.</source>
        <translation>Diubah: {n}.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/bulk_bar.py" line="168" />
        <source>Not changed: {n} — {reasons}</source>
        <translation>Tidak diubah: {n} — {reasons}</translation>
    </message>
</context>
<context>
    <name>CalendarsPage</name>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="35" />
        <source>Calendar</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="35" />
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="35" />
        <source>Hours</source>
        <translation>Jam kerja</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="35" />
        <source>SLA policies</source>
        <translation>Kebijakan SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="47" />
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="48" />
        <source>Time zone:</source>
        <translation>Zona waktu:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="49" />
        <source>Opening hours:</source>
        <translation>Jam kerja:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="50" />
        <source>New calendar</source>
        <translation>Kalender baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="53" />
        <source>Save calendar</source>
        <translation>Simpan kalender</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="61" />
        <source>Day</source>
        <translation>Hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="61" />
        <source>Holiday</source>
        <translation>Hari libur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="69" />
        <source>e.g. Hari Kemerdekaan</source>
        <translation>misalnya Hari Kemerdekaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="70" />
        <source>Add holiday</source>
        <translation>Tambah hari libur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="73" />
        <source>Remove holiday</source>
        <translation>Hapus hari libur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="76" />
        <source>Import .ics…</source>
        <translation>Impor .ics…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="140" />
        <source>Saved calendar {name}.</source>
        <translation>Kalender {name} disimpan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="144" />
        <source>Choose a calendar first.</source>
        <translation>Pilih kalender terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="165" />
        <source>Import holidays</source>
        <translation>Impor hari libur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="166" />
        <source>iCalendar files (*.ics);;All files (*)</source>
        <translation>Berkas iCalendar (*.ics);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/calendars.py" line="182" />
        <source>{n} holidays added, {k} were there already.</source>
        <translation>{n} hari libur ditambahkan, {k} sudah ada sebelumnya.</translation>
    </message>
</context>
<context>
    <name>CannedPage</name>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="30" />
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="30" />
        <source>For</source>
        <translation>Untuk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="30" />
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="38" />
        <source>Placeholders: {requester_name}, {ticket_number}, {agent_name}</source>
        <translation>Penanda: {requester_name}, {ticket_number}, {agent_name}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="40" />
        <source>Title:</source>
        <translation>Judul:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="41" />
        <source>For:</source>
        <translation>Untuk:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="42" />
        <source>Text:</source>
        <translation>Teks:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="43" />
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="46" />
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="49" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="76" />
        <location filename="../../desktop/console/admin/canned.py" line="81" />
        <source>Everyone</source>
        <translation>Semua orang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/canned.py" line="116" />
        <source>Saved “{title}”.</source>
        <translation>“{title}” disimpan.</translation>
    </message>
</context>
<context>
    <name>ChecklistWidget</name>
    <message>
        <location filename="../../desktop/console/ticket/checklist.py" line="25" />
        <source>Checklist</source>
        <translation>Daftar periksa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/checklist.py" line="57" />
        <source>{step} (optional)</source>
        <translation>{step} (opsional)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/checklist.py" line="64" />
        <source>Done by {name}, {when}</source>
        <translation>Diselesaikan oleh {name}, {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/checklist.py" line="69" />
        <source>{done} of {total} required steps done</source>
        <translation>{done} dari {total} langkah wajib selesai</translation>
    </message>
</context>
<context>
    <name>ChecklistsPage</name>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="38" />
        <source>Checklist</source>
        <translation>Daftar periksa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="38" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="38" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="38" />
        <source>Steps</source>
        <translation>Langkah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="47" />
        <location filename="../../desktop/console/admin/checklists.py" line="111" />
        <source>Every type</source>
        <translation>Semua jenis</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="52" />
        <source>Step</source>
        <translation>Langkah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="52" />
        <source>Required</source>
        <translation>Wajib</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="58" />
        <source>Add step</source>
        <translation>Tambah langkah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="59" />
        <source>Remove step</source>
        <translation>Hapus langkah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="60" />
        <source>Move up</source>
        <translation>Naikkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="61" />
        <source>Move down</source>
        <translation>Turunkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="68" />
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="69" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="70" />
        <source>Ticket type:</source>
        <translation>Jenis tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="71" />
        <source>Steps:</source>
        <translation>Langkah:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="73" />
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="76" />
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="79" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/checklists.py" line="191" />
        <source>Saved “{name}”.</source>
        <translation>“{name}” disimpan.</translation>
    </message>
</context>
<context>
    <name>CsatPanel</name>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="47" />
        <source>Your problem was marked as solved. How satisfied are you with the help?</source>
        <translation>Masalah Anda ditandai selesai. Seberapa puas Anda dengan bantuannya?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="51" />
        <source>1 · very unhappy</source>
        <translation>1 · sangat tidak puas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="51" />
        <source>5 · very happy</source>
        <translation>5 · sangat puas</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="60" />
        <source>Anything you want to tell us (optional)</source>
        <translation>Ada yang ingin Anda sampaikan? (opsional)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="61" />
        <source>Send rating</source>
        <translation>Kirim penilaian</translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="91" />
        <source>Last 7 days</source>
        <translation>7 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="91" />
        <source>Last 30 days</source>
        <translation>30 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="92" />
        <source>Last 90 days</source>
        <translation>90 hari terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="92" />
        <source>Custom</source>
        <translation>Kustom</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="102" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="105" />
        <source>Period:</source>
        <translation>Periode:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="111" />
        <source>Export CSV…</source>
        <translation>Ekspor CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="112" />
        <source>Export PDF…</source>
        <translation>Ekspor PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="123" />
        <source>Open backlog</source>
        <translation>Tiket terbuka</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="124" />
        <source>SLA compliance (resolved in period)</source>
        <translation>Kepatuhan SLA (selesai dalam periode)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="125" />
        <source>First contact resolution</source>
        <translation>Selesai pada kontak pertama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="126" />
        <source>Mean resolution time</source>
        <translation>Rata-rata waktu penyelesaian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="127" />
        <source>Customer satisfaction</source>
        <translation>Kepuasan pelanggan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="128" />
        <source>Created / resolved in period</source>
        <translation>Dibuat / selesai dalam periode</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="142" />
        <source>Your role cannot view reports. Ask a supervisor.</source>
        <translation>Peran Anda tidak dapat melihat laporan. Tanyakan supervisor.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="190" />
        <source>Export the report</source>
        <translation>Ekspor laporan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="202" />
        <source>Helpdesk report {start} – {end}</source>
        <translation>Laporan helpdesk {start} – {end}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="258" />
        <source>First response: mean {mean}, median {median}</source>
        <translation>Respons pertama: rata-rata {mean}, median {median}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="261" />
        <source>&lt; 1 day</source>
        <translation>&lt; 1 hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="261" />
        <source>1–3 days</source>
        <translation>1–3 hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="261" />
        <source>3–7 days</source>
        <translation>3–7 hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="262" />
        <source>7–30 days</source>
        <translation>7–30 hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="262" />
        <source>&gt; 30 days</source>
        <translation>&gt; 30 hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="263" />
        <source>Open backlog by age</source>
        <translation>Tiket terbuka menurut umur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="265" />
        <source>Top categories (created in period)</source>
        <translation>Kategori teratas (dibuat dalam periode)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="270" />
        <source>Open backlog by tier</source>
        <translation>Tiket terbuka menurut tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="286" />
        <source>Tickets created per day</source>
        <translation>Tiket dibuat per hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="267" />
        <location filename="../../desktop/console/dashboard/view.py" line="317" />
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="269" />
        <location filename="../../desktop/console/dashboard/view.py" line="320" />
        <source>This period</source>
        <translation>Periode ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/view.py" line="269" />
        <source>Period before</source>
        <translation>Periode sebelumnya</translation>
    </message>
</context>
<context>
    <name>DiagnosticDialog</name>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="72" />
        <source>Run diagnostic on {host}</source>
        <translation>Jalankan diagnostik di {host}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="76" />
        <source>{host} · {os} · {user}@{target}:{port}</source>
        <translation>{host} · {os} · {user}@{target}:{port}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="81" />
        <source>Machine:</source>
        <translation>Mesin:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="93" />
        <source>Record on ticket:</source>
        <translation>Catat pada tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="113" />
        <source>Run</source>
        <translation>Jalankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="129" />
        <source>The output appears here.</source>
        <translation>Keluaran muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="156" />
        <source>No approved diagnostic is available for your tier on this machine.</source>
        <translation>Tidak ada diagnostik yang disetujui untuk tingkat Anda di mesin ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="205" />
        <source>Enter the ticket to record the run on.</source>
        <translation>Masukkan tiket untuk mencatat hasil jalannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="243" />
        <source>Running {id} on {host}…</source>
        <translation>Menjalankan {id} di {host}…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="256" />
        <source>Refused by the machine's gate</source>
        <translation>Ditolak oleh gerbang mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="257" />
        <source>The diagnostic failed</source>
        <translation>Diagnostik gagal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="263" />
        <source>Exit code {code}</source>
        <translation>Kode keluar {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="264" />
        <source>{ms} ms</source>
        <translation>{ms} md</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="266" />
        <source>Timed out: stopped at the catalogue's time limit</source>
        <translation>Waktu habis: dihentikan pada batas waktu katalog</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="268" />
        <source>Truncated: output cut at the catalogue's size limit</source>
        <translation>Terpotong: keluaran dipotong pada batas ukuran katalog</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/dialog.py" line="276" />
        <source>Not run: {reason}</source>
        <translation>Tidak dijalankan: {reason}</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPage</name>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="22" />
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="22" />
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="22" />
        <source>Minimum tier</source>
        <translation>Tingkat minimum</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="22" />
        <source>Systems</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="23" />
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="23" />
        <source>Time limit</source>
        <translation>Batas waktu</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="37" />
        <source>Read-only: {path}. The gate on each machine enforces the same list.</source>
        <translation>Hanya baca: {path}. Gerbang di setiap mesin menegakkan daftar yang sama.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="45" />
        <source>{n} s</source>
        <translation>{n} dtk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="57" />
        <source>required</source>
        <translation>wajib</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="57" />
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="58" />
        <source>default {value}</source>
        <translation>bawaan {value}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/diagnostics.py" line="64" />
        <source>Output cap: {n} bytes</source>
        <translation>Batas keluaran: {n} bita</translation>
    </message>
</context>
<context>
    <name>DocQualityPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="108" />
        <source>Documentation quality</source>
        <translation>Kualitas dokumentasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="115" />
        <source>Per agent</source>
        <translation>Per petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="116" />
        <source>Per team</source>
        <translation>Per tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="118" />
        <source>Show tickets</source>
        <translation>Tampilkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="121" />
        <source>Solution of real length, category, checklist done, KB article, a note on each escalation.</source>
        <translation>Solusi yang memadai, kategori, daftar periksa selesai, artikel KB, catatan pada setiap eskalasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="129" />
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="129" />
        <source>Resolved</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="129" />
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="129" />
        <source>Lowered by</source>
        <translation>Diturunkan oleh</translation>
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
        <location filename="../../desktop/console/ticket/dialogs.py" line="155" />
        <source>Escalate ticket</source>
        <translation>Eskalasi tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="156" />
        <source>L4 means an external vendor: the ticket waits on them and its SLA clock pauses.</source>
        <translation>L4 berarti vendor eksternal: tiket menunggu mereka dan jam SLA-nya berhenti.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="160" />
        <source>L2 — desktop support</source>
        <translation>L2 — dukungan desktop</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="160" />
        <source>L3 — infrastructure</source>
        <translation>L3 — infrastruktur</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="161" />
        <source>L4 — external vendor</source>
        <translation>L4 — vendor eksternal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="169" />
        <source>Vendor's case number (L4 only)</source>
        <translation>Nomor kasus vendor (khusus L4)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="170" />
        <source>Escalate to:</source>
        <translation>Eskalasi ke:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="171" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="172" />
        <source>Vendor reference:</source>
        <translation>Referensi vendor:</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="129" />
        <source>Category, impact and urgency</source>
        <translation>Kategori, dampak dan urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="132" />
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="140" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="141" />
        <source>Impact:</source>
        <translation>Dampak:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="142" />
        <source>Urgency:</source>
        <translation>Urgensi:</translation>
    </message>
</context>
<context>
    <name>HandOverDialog</name>
    <message>
        <location filename="../../desktop/console/admin/hand_over_dialog.py" line="19" />
        <source>Hand over open tickets</source>
        <translation>Serahkan tiket terbuka</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/hand_over_dialog.py" line="20" />
        <source>{name} has {n} open tickets. Give them to:</source>
        <translation>{name} punya {n} tiket terbuka. Berikan kepada:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/hand_over_dialog.py" line="24" />
        <source>Their teams: each ticket to the least-loaded agent on duty at its tier</source>
        <translation>Timnya: setiap tiket kepada agen bertugas dengan beban paling ringan di tingkatnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/hand_over_dialog.py" line="27" />
        <source>Each ticket shows the change and why on its timeline, and its new assignee is told. A ticket nobody on its team can take goes back to the team's queue.</source>
        <translation>Setiap tiket mencatat perubahan dan alasannya di linimasanya, dan penanggung jawab barunya diberi tahu. Tiket yang tidak bisa diambil siapa pun di timnya kembali ke antrean tim.</translation>
    </message>
</context>
<context>
    <name>HelpSearchDialog</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="64" />
        <source>Search help articles</source>
        <translation>Cari artikel bantuan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="68" />
        <source>Type a few words, e.g. printer, VPN, password…</source>
        <translation>Ketik beberapa kata, mis. printer, VPN, kata sandi…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="76" />
        <source>This helped</source>
        <translation>Ini membantu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="77" />
        <source>This did not help</source>
        <translation>Ini tidak membantu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="103" />
        <source>No articles match. Try other words, or report the problem.</source>
        <translation>Tidak ada artikel yang cocok. Coba kata lain, atau laporkan masalahnya.</translation>
    </message>
</context>
<context>
    <name>HttpSignInDialog</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="429" />
        <source>Remember me on this computer</source>
        <translation>Ingat saya di komputer ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="431" />
        <source>Keeps the sign-in in the system's keyring, never in a file.</source>
        <translation>Menyimpan sesi masuk di keyring sistem, tidak pernah di dalam file.</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="217" />
        <source>Major incident</source>
        <translation>Insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="218" />
        <source>A ticket in a confirmed incident is a child of its parent: the incident's updates and its solution reach this requester too. Taken out, it stays open on its own and is not added again by detection.</source>
        <translation>Tiket dalam insiden yang dikonfirmasi menjadi anak tiket induknya: kabar terbaru dan solusi insiden juga sampai ke pemohon ini. Jika dikeluarkan, tiket tetap terbuka sendiri dan tidak ditambahkan lagi oleh deteksi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="223" />
        <source>None</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="227" />
        <source>Part of:</source>
        <translation>Bagian dari:</translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="92" />
        <source>Major incidents</source>
        <translation>Insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="100" />
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="100" />
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="100" />
        <source>Tickets</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="101" />
        <source>Parent</source>
        <translation>Induk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="112" />
        <source>No major incident: detection runs every two minutes on new tickets and probe alerts.</source>
        <translation>Tidak ada insiden besar: deteksi berjalan setiap dua menit atas tiket baru dan peringatan probe.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="117" />
        <source>Confirm…</source>
        <translation>Konfirmasi…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="118" />
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="119" />
        <source>Send update…</source>
        <translation>Kirim kabar…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="120" />
        <source>Resolve all…</source>
        <translation>Selesaikan semua…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="121" />
        <source>Add tickets…</source>
        <translation>Tambah tiket…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="122" />
        <source>Take out…</source>
        <translation>Keluarkan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="123" />
        <source>Show tickets</source>
        <translation>Tampilkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="147" />
        <source>suggested</source>
        <translation>disarankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="147" />
        <source>confirmed</source>
        <translation>terkonfirmasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="148" />
        <source>dismissed</source>
        <translation>diabaikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="148" />
        <source>resolved</source>
        <translation>selesai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="216" />
        <source>Confirm major incident</source>
        <translation>Konfirmasi insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="217" />
        <source>What the banner on the dashboard and in everyone's tray says:</source>
        <translation>Isi spanduk di dasbor dan di tray semua orang:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="218" />
        <source>{topic}: we are working on it; no need to report it again.</source>
        <translation>{topic}: kami sedang menanganinya; tidak perlu melaporkannya lagi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="230" />
        <source>Send an update</source>
        <translation>Kirim kabar terbaru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="231" />
        <source>Sent by mail and to the tray of every requester of the {n} tickets:</source>
        <translation>Dikirim lewat surel dan ke tray setiap pemohon dari {n} tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="239" />
        <source>Resolve the major incident</source>
        <translation>Selesaikan insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="240" />
        <source>The solution, for the parent and all {n} tickets:</source>
        <translation>Solusinya, untuk induk dan semua {n} tiket:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="247" />
        <source>Add tickets to the major incident</source>
        <translation>Tambahkan tiket ke insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="248" />
        <source>Numbers of the tickets to add (e.g. HD-000123, 124). Once the incident is confirmed they become children of its parent: updates and the solution reach their requesters too.</source>
        <translation>Nomor tiket yang ditambahkan (mis. HD-000123, 124). Setelah insiden dikonfirmasi, tiket itu menjadi anak tiket induknya: kabar terbaru dan solusinya juga sampai ke pemohonnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="257" />
        <source>Take tickets out of the major incident</source>
        <translation>Keluarkan tiket dari insiden besar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/incidents.py" line="258" />
        <source>Numbers of the tickets that are not part of this problem ({numbers}). They stay open on their own, and detection does not add them again.</source>
        <translation>Nomor tiket yang bukan bagian dari masalah ini ({numbers}). Tiket itu tetap terbuka sendiri, dan deteksi tidak menambahkannya lagi.</translation>
    </message>
</context>
<context>
    <name>InventoryPanel</name>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="59" />
        <source>No inventory yet: the probe sends one a day with its report.</source>
        <translation>Belum ada inventaris: probe mengirimnya sekali sehari bersama laporannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="62" />
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="64" />
        <source>Hardware</source>
        <translation>Perangkat keras</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="65" />
        <source>Serial number</source>
        <translation>Nomor seri</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="66" />
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="67" />
        <source>Operating system</source>
        <translation>Sistem operasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="67" />
        <source>{name} {version} · build {build}</source>
        <translation>{name} {version} · build {build}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="69" />
        <source>Last boot</source>
        <translation>Terakhir dinyalakan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="71" />
        <source>Disk {device}</source>
        <translation>Disk {device}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="73" />
        <source>Inventory of {when}</source>
        <translation>Inventaris per {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="78" />
        <source>Changed since {when}</source>
        <translation>Berubah sejak {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="80" />
        <source>installed</source>
        <translation>dipasang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="80" />
        <source>removed</source>
        <translation>dihapus</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="87" />
        <source>Nothing changed.</source>
        <translation>Tidak ada yang berubah.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="89" />
        <source>Software ({n})</source>
        <translation>Perangkat lunak ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="97" />
        <source>healthy</source>
        <translation>sehat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="97" />
        <source>failing</source>
        <translation>bermasalah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/inventory_view.py" line="97" />
        <source>health unknown</source>
        <translation>kesehatan tidak diketahui</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="20" />
        <source>Scheduled jobs</source>
        <translation>Tugas terjadwal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="25" />
        <source>Job</source>
        <translation>Tugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="25" />
        <source>Last run</source>
        <translation>Terakhir berjalan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="25" />
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="26" />
        <source>Next run</source>
        <translation>Berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="37" />
        <source>No job has run yet: the server (helpdesk serve) or helpdesk scheduler run runs them.</source>
        <translation>Belum ada tugas yang berjalan: server (helpdesk serve) atau helpdesk scheduler run yang menjalankannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="49" />
        <source>running…</source>
        <translation>sedang berjalan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="50" />
        <source>OK</source>
        <translation>Berhasil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="50" />
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/jobs.py" line="51" />
        <source>Skipped</source>
        <translation>Dilewati</translation>
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
    <name>KnownProblemBanner</name>
    <message>
        <location filename="../../desktop/common/banner.py" line="37" />
        <source>Known problem:</source>
        <translation>Masalah diketahui:</translation>
    </message>
</context>
<context>
    <name>MachinesPane</name>
    <message>
        <location filename="../../desktop/console/board/view.py" line="91" />
        <source>Search machine or user</source>
        <translation>Cari mesin atau pengguna</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="95" />
        <source>Offline &gt; 24 h</source>
        <translation>Luring &gt; 24 jam</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="96" />
        <source>Disk &lt; 10 % free</source>
        <translation>Disk kosong &lt; 10 %</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="97" />
        <source>With alerts</source>
        <translation>Ada peringatan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="119" />
        <source>Double-click a ticket to open it.</source>
        <translation>Klik dua kali tiket untuk membukanya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="124" />
        <source>History (30 days)</source>
        <translation>Riwayat (30 hari)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="125" />
        <source>Tickets</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="126" />
        <source>Latest snapshot</source>
        <translation>Snapshot terakhir</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="128" />
        <source>Inventory</source>
        <translation>Inventaris</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="133" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="136" />
        <source>Run diagnostic…</source>
        <translation>Jalankan diagnostik…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="161" />
        <source>Your role cannot see machines.</source>
        <translation>Peran Anda tidak dapat melihat perangkat.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="190" />
        <source>{count} machines</source>
        <translation>{count} mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="195" />
        <source>No machine matches these filters.</source>
        <translation>Tidak ada mesin yang cocok dengan filter ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="197" />
        <source>No machines yet.

Machines appear here once the helpdesk probe is installed on them and has reported in.</source>
        <translation>Belum ada perangkat.

Perangkat muncul di sini setelah probe helpdesk dipasang dan mengirim laporan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="236" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="237" />
        <source>Memory</source>
        <translation>Memori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="238" />
        <source>No history yet.</source>
        <translation>Belum ada riwayat.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="239" />
        <source>{mount} used</source>
        <translation>{mount} terpakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="241" />
        <source>No disk history yet.</source>
        <translation>Belum ada riwayat disk.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="250" />
        <source>No tickets for this machine.</source>
        <translation>Belum ada tiket untuk mesin ini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/board/view.py" line="256" />
        <source>Select a machine first.</source>
        <translation>Pilih mesin terlebih dahulu.</translation>
    </message>
</context>
<context>
    <name>MailPage</name>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="43" />
        <source>Incoming mail (IMAP)</source>
        <translation>Surel masuk (IMAP)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="43" />
        <source>Outgoing mail (SMTP)</source>
        <translation>Surel keluar (SMTP)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="46" />
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="49" />
        <source>default</source>
        <translation>bawaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="52" />
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="55" />
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="55" />
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="56" />
        <source>None (trusted network only)</source>
        <translation>Tanpa (hanya jaringan tepercaya)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="59" />
        <source>Security:</source>
        <translation>Keamanan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="60" />
        <source>User:</source>
        <translation>Pengguna:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="65" />
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="67" />
        <source>Folder:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="75" />
        <source>Sender address:</source>
        <translation>Alamat pengirim:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="76" />
        <source>Sender name:</source>
        <translation>Nama pengirim:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="77" />
        <source>Company CA file (PEM):</source>
        <translation>Berkas CA perusahaan (PEM):</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="77" />
        <source>the system's CAs</source>
        <translation>CA bawaan sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="81" />
        <source>Test connection</source>
        <translation>Uji koneksi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="84" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="122" />
        <source>stored; type to change</source>
        <translation>tersimpan; ketik untuk mengganti</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="123" />
        <source>not set</source>
        <translation>belum diisi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="124" />
        <source>Saved in {path}; passwords in the system keyring.</source>
        <translation>Disimpan di {path}; kata sandi di keyring sistem.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="126" />
        <source>Set by environment variables (these win over the file): {names}.</source>
        <translation>Diatur oleh variabel lingkungan (mengalahkan berkas): {names}.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="147" />
        <source>Testing…</source>
        <translation>Menguji…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/mail.py" line="177" />
        <source>Saved. The scheduler's mail jobs use them from their next run; restart `helpdesk mail watch` if you run it.</source>
        <translation>Tersimpan. Tugas surel penjadwal memakainya mulai jalan berikutnya; mulai ulang `helpdesk mail watch` jika Anda menjalankannya.</translation>
    </message>
</context>
<context>
    <name>MailPane</name>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="47" />
        <source>All decisions</source>
        <translation>Semua keputusan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="48" />
        <location filename="../../desktop/console/mail_view.py" line="137" />
        <source>Ticket created</source>
        <translation>Tiket dibuat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="48" />
        <source>Appended</source>
        <translation>Ditambahkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="49" />
        <source>Event on a ticket</source>
        <translation>Peristiwa pada tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="49" />
        <source>Duplicate</source>
        <translation>Duplikat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="50" />
        <location filename="../../desktop/console/mail_view.py" line="136" />
        <source>Ignored</source>
        <translation>Diabaikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="50" />
        <location filename="../../desktop/console/mail_view.py" line="136" />
        <source>Quarantined</source>
        <translation>Dikarantina</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="55" />
        <source>Received</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="55" />
        <source>Decision</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="55" />
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="56" />
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="56" />
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="72" />
        <source>Make a ticket</source>
        <translation>Jadikan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="75" />
        <source>Append to ticket…</source>
        <translation>Tambahkan ke tiket…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="78" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="85" />
        <source>Show:</source>
        <translation>Tampilkan:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="103" />
        <source>Incoming</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="104" />
        <location filename="../../desktop/console/mail_view.py" line="116" />
        <source>Undelivered</source>
        <translation>Tidak terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="112" />
        <source>Only supervisors and admins see the mail intake.</source>
        <translation>Hanya supervisor dan admin yang dapat melihat email masuk.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="116" />
        <source>Undelivered ({n})</source>
        <translation>Tidak terkirim ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="130" />
        <source>Ticket {number}</source>
        <translation>Tiket {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="130" />
        <source>Appended to {number}</source>
        <translation>Ditambahkan ke {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="131" />
        <source>Event on {number}</source>
        <translation>Peristiwa pada {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="133" />
        <source>Rescued: {number}</source>
        <translation>Diperbaiki: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="135" />
        <source>Duplicate of #{id}</source>
        <translation>Duplikat dari #{id}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="148" />
        <source>No mail has been processed yet.</source>
        <translation>Belum ada email yang diproses.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="176" />
        <source>… ({size:,} bytes in all)</source>
        <translation>… (seluruhnya {size:,} bita)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="192" />
        <source>Append to ticket</source>
        <translation>Tambahkan ke tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/mail_view.py" line="192" />
        <source>Ticket number:</source>
        <translation>Nomor tiket:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/console/main_window.py" line="63" />
        <source>Helpdesk console — {name}</source>
        <translation>Konsol helpdesk — {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="83" />
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="87" />
        <source>Knowledge base</source>
        <translation>Basis pengetahuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="88" />
        <source>Dashboard</source>
        <translation>Dasbor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="89" />
        <source>Machines</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="91" />
        <source>Mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="93" />
        <source>Administration</source>
        <translation>Administrasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="98" />
        <source>Signed in as {name} ({user}) · {role}</source>
        <translation>Masuk sebagai {name} ({user}) · {role}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="104" />
        <location filename="../../desktop/console/main_window.py" line="117" />
        <location filename="../../desktop/console/main_window.py" line="360" />
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="115" />
        <source>Helpdesk</source>
        <translation>Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="346" />
        <source>Escalate</source>
        <translation>Eskalasi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="356" />
        <source>Working…</source>
        <translation>Memproses…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="234" />
        <source>&amp;Helpdesk</source>
        <translation>&amp;Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="235" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="236" />
        <source>Two-factor sign-in…</source>
        <translation>Masuk dua faktor…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="238" />
        <location filename="../../desktop/console/main_window.py" line="401" />
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="239" />
        <source>&amp;Ticket</source>
        <translation>&amp;Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="240" />
        <source>New ticket…</source>
        <translation>Tiket baru…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="242" />
        <source>Next ticket</source>
        <translation>Tiket berikutnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="243" />
        <source>Previous ticket</source>
        <translation>Tiket sebelumnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="244" />
        <location filename="../../desktop/console/main_window.py" line="343" />
        <source>Reply</source>
        <translation>Balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="245" />
        <location filename="../../desktop/console/main_window.py" line="344" />
        <source>Send reply</source>
        <translation>Kirim balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="246" />
        <location filename="../../desktop/console/main_window.py" line="344" />
        <source>Add internal note</source>
        <translation>Tambah catatan internal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="250" />
        <location filename="../../desktop/console/main_window.py" line="348" />
        <source>Search the queue</source>
        <translation>Cari di antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="251" />
        <location filename="../../desktop/console/main_window.py" line="349" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="252" />
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="253" />
        <location filename="../../desktop/console/main_window.py" line="351" />
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="270" />
        <source>{number} created for {name}.</source>
        <translation>{number} dibuat untuk {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="325" />
        <source>Two-factor sign-in</source>
        <translation>Masuk dua faktor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="326" />
        <source>Two-factor sign-in is on: from now on you sign in with your password and a code from the app.</source>
        <translation>Masuk dua faktor sudah aktif: mulai sekarang Anda masuk dengan kata sandi dan kode dari aplikasi.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="342" />
        <source>New ticket</source>
        <translation>Tiket baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="343" />
        <source>Next / previous ticket</source>
        <translation>Tiket berikutnya / sebelumnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="345" />
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="347" />
        <source>Resolve</source>
        <translation>Selesaikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="400" />
        <source>Open the console</source>
        <translation>Buka konsol</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="423" />
        <source>The console keeps running in the system tray; Quit ends it.</source>
        <translation>Konsol tetap berjalan di baki sistem; Keluar untuk mengakhirinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="345" />
        <source>Claim</source>
        <translation>Ambil</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="349" />
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="359" />
        <source>Notifications ({n})</source>
        <translation>Notifikasi ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="367" />
        <source>No new notifications</source>
        <translation>Tidak ada notifikasi baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="372" />
        <source>Show {n} older…</source>
        <translation>Tampilkan {n} yang lebih lama…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/main_window.py" line="374" />
        <source>Mark all as read</source>
        <translation>Tandai semua sudah dibaca</translation>
    </message>
</context>
<context>
    <name>MyTicketsWindow</name>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="87" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="101" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="109" />
        <source>Choose a ticket on the left.</source>
        <translation>Pilih tiket di sebelah kiri.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="240" />
        <source>Write to the helpdesk… (replying to a solved ticket reopens it)</source>
        <translation>Tulis ke helpdesk… (membalas tiket yang sudah selesai akan membukanya kembali)</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="124" />
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="173" />
        <source>opened {when}</source>
        <translation>dibuka {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="181" />
        <source>You have not reported any problems yet.</source>
        <translation>Anda belum melaporkan masalah apa pun.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="209" />
        <source>Status: {status} · opened {when}</source>
        <translation>Status: {status} · dibuka {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="212" />
        <source>handled by {name}</source>
        <translation>ditangani oleh {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="214" />
        <source>Solution: {text}</source>
        <translation>Solusi: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="218" />
        <source>You wrote: {text}</source>
        <translation>Anda menulis: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="236" />
        <source>Choose a ticket on the left to write to the helpdesk.</source>
        <translation>Pilih tiket di kiri untuk menulis ke helpdesk.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="238" />
        <source>This ticket is closed. Report a new problem instead.</source>
        <translation>Tiket ini sudah ditutup. Silakan laporkan masalah baru.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/my_tickets.py" line="241" />
        <source>Write to the helpdesk…</source>
        <translation>Tulis ke helpdesk…</translation>
    </message>
</context>
<context>
    <name>NewRequesterForm</name>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="22" />
        <source>New requester</source>
        <translation>Pelapor baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="32" />
        <source>Full name:</source>
        <translation>Nama lengkap:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="33" />
        <source>E-mail:</source>
        <translation>Surel:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="34" />
        <source>Phone:</source>
        <translation>Telepon:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="35" />
        <source>Department:</source>
        <translation>Departemen:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/requester_form.py" line="36" />
        <source>Location:</source>
        <translation>Lokasi:</translation>
    </message>
</context>
<context>
    <name>NewTicketDialog</name>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="69" />
        <source>New ticket</source>
        <translation>Tiket baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="76" />
        <source>Name, e-mail, phone or department…</source>
        <translation>Nama, surel, telepon, atau departemen…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="87" />
        <source>New requester…</source>
        <translation>Pelapor baru…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="88" />
        <location filename="../../desktop/console/intake/dialog.py" line="278" />
        <source>No requester chosen yet.</source>
        <translation>Belum ada pelapor yang dipilih.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="96" />
        <source>Double-click to work on that ticket instead</source>
        <translation>Klik dua kali untuk menangani tiket itu saja</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="99" />
        <source>Attach the machine's latest snapshot</source>
        <translation>Lampirkan snapshot terbaru mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="102" />
        <source>Requester</source>
        <translation>Pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="110" />
        <source>Open tickets of this requester (a duplicate?):</source>
        <translation>Tiket terbuka pelapor ini (duplikat?):</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="114" />
        <source>Machine:</source>
        <translation>Mesin:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="132" />
        <source>Suggested by the rules</source>
        <translation>Disarankan oleh aturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="139" />
        <source>Use it</source>
        <translation>Pakai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="147" />
        <source>The same problem? Double-click to work on that ticket instead</source>
        <translation>Masalah yang sama? Klik dua kali untuk mengerjakan tiket itu saja</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="152" />
        <source>From the rules</source>
        <translation>Dari aturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="155" />
        <source>Ticket</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="157" />
        <source>Channel:</source>
        <translation>Saluran:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="158" />
        <source>Type:</source>
        <translation>Jenis:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="159" />
        <source>Subject:</source>
        <translation>Subjek:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="160" />
        <source>Description:</source>
        <translation>Deskripsi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="161" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="167" />
        <source>Open tickets with the same problem:</source>
        <translation>Tiket terbuka dengan masalah yang sama:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="170" />
        <source>Impact:</source>
        <translation>Dampak:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="171" />
        <source>Urgency:</source>
        <translation>Urgensi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="176" />
        <source>Double-click to open the article</source>
        <translation>Klik dua kali untuk membuka artikel</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="177" />
        <source>Help articles that may answer it</source>
        <translation>Artikel bantuan yang mungkin menjawabnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="192" />
        <source>Create ticket</source>
        <translation>Buat tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="194" />
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="258" />
        <source>Nobody found: add them with “New requester…”</source>
        <translation>Tidak ada yang ditemukan: tambahkan lewat “Pelapor baru…”</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="276" />
        <source>No machine</source>
        <translation>Tanpa mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="289" />
        <source>never reported</source>
        <translation>belum pernah melapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="352" />
        <source>No rule matches yet; the ticket goes to the default team.</source>
        <translation>Belum ada aturan yang cocok; tiket masuk ke tim bawaan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="354" />
        <source>, team {team}</source>
        <translation>, tim {team}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="355" />
        <source>Rules suggest {category}{team} (matched “{word}”).</source>
        <translation>Aturan menyarankan {category}{team} (cocok dengan “{word}”).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="363" />
        <source>No matching article.</source>
        <translation>Tidak ada artikel yang cocok.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="370" />
        <source>No learned suggestion yet.</source>
        <translation>Belum ada saran dari model.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="373" />
        <source>applied automatically</source>
        <translation>diterapkan otomatis</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="374" />
        <source>below the auto-apply level: the rules decide unless you use it</source>
        <translation>di bawah batas penerapan otomatis: aturan yang menentukan kecuali Anda memakainya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/intake/dialog.py" line="375" />
        <source>Learned: {category}, {percent}% sure (from: {words}); {how}.</source>
        <translation>Model: {category}, yakin {percent}% (dari: {words}); {how}.</translation>
    </message>
</context>
<context>
    <name>OutboxWindow</name>
    <message>
        <location filename="../../desktop/tray/notices.py" line="66" />
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="68" />
        <source>Reports and replies written while the helpdesk could not be reached. They are sent by themselves once it can; each is sent only once.</source>
        <translation>Laporan dan balasan yang ditulis saat helpdesk tidak dapat dihubungi. Semuanya terkirim sendiri begitu helpdesk dapat dihubungi; masing-masing hanya dikirim sekali.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="78" />
        <source>Edit and send again…</source>
        <translation>Ubah dan kirim lagi…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="80" />
        <source>Opens what you wrote, to correct what the helpdesk refused and send it.</source>
        <translation>Membuka tulisan Anda untuk memperbaiki yang ditolak helpdesk lalu mengirimnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="82" />
        <source>Copy text</source>
        <translation>Salin teks</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="85" />
        <source>Discard…</source>
        <translation>Buang…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="91" />
        <source>Send now</source>
        <translation>Kirim sekarang</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="94" />
        <source>Remove sent</source>
        <translation>Hapus yang terkirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="144" />
        <source>Correct what the helpdesk refused and send it again, or discard it.</source>
        <translation>Perbaiki yang ditolak helpdesk lalu kirim lagi, atau buang.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="156" />
        <source>Copied. You can paste it anywhere.</source>
        <translation>Tersalin. Anda bisa menempelkannya di mana saja.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="163" />
        <source>this report</source>
        <translation>laporan ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="163" />
        <source>this reply</source>
        <translation>balasan ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="164" />
        <location filename="../../desktop/tray/notices.py" line="169" />
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="165" />
        <source>Discard {what}? What you wrote («{title}») is gone for good.</source>
        <translation>Buang {what}? Tulisan Anda («{title}») akan hilang selamanya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="168" />
        <source>Use “Copy text” first to keep it.</source>
        <translation>Gunakan “Salin teks” dulu untuk menyimpannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/notices.py" line="129" />
        <source>Nothing is waiting to be sent.</source>
        <translation>Tidak ada yang menunggu untuk dikirim.</translation>
    </message>
</context>
<context>
    <name>ParamForm</name>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="28" />
        <source>This diagnostic takes no parameters.</source>
        <translation>Diagnostik ini tidak memerlukan parameter.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="60" />
        <location filename="../../desktop/console/diagnostics/form.py" line="66" />
        <source>(not set)</source>
        <translation>(tidak diisi)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/diagnostics/form.py" line="100" />
        <source>{name} is required.</source>
        <translation>{name} wajib diisi.</translation>
    </message>
</context>
<context>
    <name>PriorityDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="198" />
        <source>Override priority</source>
        <translation>Ubah prioritas secara manual</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="201" />
        <source>Back to impact × urgency</source>
        <translation>Kembali ke dampak × urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="207" />
        <source>Priority:</source>
        <translation>Prioritas:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="208" />
        <source>Reason:</source>
        <translation>Alasan:</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="168" />
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="168" />
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="168" />
        <source>Subject</source>
        <translation>Subjek</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="168" />
        <source>Requester</source>
        <translation>Pelapor</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="169" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="169" />
        <source>Tier</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="169" />
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="169" />
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="170" />
        <source>Updated</source>
        <translation>Diperbarui</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="467" />
        <source>Response due</source>
        <translation>Batas respons</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/model.py" line="467" />
        <source>Resolution due</source>
        <translation>Batas penyelesaian</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="93" />
        <source>Search subject, description or ticket number…</source>
        <translation>Cari subjek, isi atau nomor tiket…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="105" />
        <source>Save filter…</source>
        <translation>Simpan filter…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="108" />
        <source>Delete filter</source>
        <translation>Hapus filter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="195" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="195" />
        <source>Unassigned</source>
        <translation>Belum ditugaskan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="196" />
        <source>My team</source>
        <translation>Tim saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="196" />
        <source>Near / over SLA</source>
        <translation>Mendekati / lewat SLA</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="197" />
        <source>All tickets</source>
        <translation>Semua tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="197" />
        <source>My requests</source>
        <translation>Permintaan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="269" />
        <source>Save filter</source>
        <translation>Simpan filter</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="269" />
        <source>Name of the filter:</source>
        <translation>Nama filter:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="298" />
        <source>1 ticket</source>
        <translation>1 tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/queue/view.py" line="298" />
        <source>{n} tickets</source>
        <translation>{n} tiket</translation>
    </message>
</context>
<context>
    <name>ReplyAgainDialog</name>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="34" />
        <source>Edit and send again</source>
        <translation>Ubah dan kirim lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="36" />
        <source>Your reply to {number}</source>
        <translation>Balasan Anda untuk {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="39" />
        <location filename="../../desktop/tray/reply_again.py" line="135" />
        <source>The helpdesk refused it: {reason}</source>
        <translation>Helpdesk menolaknya: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="44" />
        <source>Copy text</source>
        <translation>Salin teks</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="47" />
        <source>Report a new problem with it…</source>
        <translation>Laporkan masalah baru dengan teks ini…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="49" />
        <source>Opens a new report with this text; this reply is then replaced.</source>
        <translation>Membuka laporan baru dengan teks ini; balasan ini lalu digantikan olehnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="52" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="54" />
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="73" />
        <source>Your reply to {number} · {subject}</source>
        <translation>Balasan Anda untuk {number} · {subject}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="76" />
        <source>This ticket is closed, so it takes no more replies. Copy your text, or report a new problem with it.</source>
        <translation>Tiket ini sudah ditutup, jadi tidak menerima balasan lagi. Salin teks Anda, atau laporkan masalah baru dengannya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/reply_again.py" line="87" />
        <source>This ticket cannot be opened ({reason}). Copy your text, or report a new problem with it.</source>
        <translation>Tiket ini tidak dapat dibuka ({reason}). Salin teks Anda, atau laporkan masalah baru dengannya.</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="82" />
        <source>Report a problem</source>
        <translation>Laporkan masalah</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="88" />
        <source>In a few words: what is wrong?</source>
        <translation>Singkatnya: apa masalahnya?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="91" />
        <source>What happened, since when, any error message…</source>
        <translation>Apa yang terjadi, sejak kapan, pesan galat…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="94" />
        <source>I don't know</source>
        <translation>Saya tidak tahu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="97" />
        <source>It can wait</source>
        <translation>Bisa menunggu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="97" />
        <source>It slows me down</source>
        <translation>Menghambat pekerjaan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="98" />
        <source>I cannot work</source>
        <translation>Saya tidak bisa bekerja</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="103" />
        <source>Just me</source>
        <translation>Hanya saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="103" />
        <source>My team</source>
        <translation>Tim saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="104" />
        <source>Many people / the whole office</source>
        <translation>Banyak orang / seluruh kantor</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="106" />
        <source>Attach a screenshot of my screen</source>
        <translation>Lampirkan tangkapan layar saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="111" />
        <source>Remove attachment</source>
        <translation>Hapus lampiran</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="120" />
        <source>Subject:</source>
        <translation>Subjek:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="121" />
        <source>Description:</source>
        <translation>Deskripsi:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="122" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="123" />
        <source>How urgent is it?</source>
        <translation>Seberapa mendesak?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="124" />
        <source>Who is affected?</source>
        <translation>Siapa yang terdampak?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="126" />
        <source>Attachments:</source>
        <translation>Lampiran:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="130" />
        <source>Send this computer's details</source>
        <translation>Kirim rincian komputer ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="132" />
        <source>They help the helpdesk find the cause. Untick to leave them out.</source>
        <translation>Rincian ini membantu helpdesk menemukan penyebabnya. Hapus centang untuk tidak mengirimnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="139" />
        <source>Collecting this computer's details…</source>
        <translation>Mengumpulkan rincian komputer ini…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="147" />
        <source>You already reported something like this:</source>
        <translation>Anda sudah pernah melaporkan yang mirip ini:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="155" />
        <source>Same problem: add my words to it</source>
        <translation>Masalah yang sama: tambahkan tulisan saya ke tiket itu</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="157" />
        <source>Your description goes to that ticket as a reply; no new ticket.</source>
        <translation>Deskripsi Anda dikirim ke tiket itu sebagai balasan; tidak ada tiket baru.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="160" />
        <source>These help articles may solve it right away:</source>
        <translation>Artikel bantuan ini mungkin langsung menyelesaikannya:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="168" />
        <source>This solved it</source>
        <translation>Ini menyelesaikannya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="190" />
        <source>Submit</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="193" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="221" />
        <source>Edit and send again</source>
        <translation>Ubah dan kirim lagi</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="223" />
        <source>About {number}</source>
        <translation>Tentang {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="242" />
        <source>The helpdesk refused it: {reason}</source>
        <translation>Helpdesk menolaknya: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="268" />
        <source>Kept with the report:</source>
        <translation>Disimpan bersama laporan:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="269" />
        <source>From this computer's helpdesk probe:</source>
        <translation>Dari probe helpdesk di komputer ini:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="270" />
        <source>Collected just now:</source>
        <translation>Baru saja dikumpulkan:</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="277" />
        <source>This computer's details could not be collected.</source>
        <translation>Rincian komputer ini tidak dapat dikumpulkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="287" />
        <source>The category it had is no longer offered; choose another, or leave “I don't know”.</source>
        <translation>Kategori sebelumnya sudah tidak tersedia; pilih yang lain, atau biarkan “Saya tidak tahu”.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="346" />
        <source>Added to {number}.</source>
        <translation>Ditambahkan ke {number}.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="358" />
        <source>Describe the problem and matching articles appear here.</source>
        <translation>Jelaskan masalahnya, dan artikel yang cocok akan muncul di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="325" />
        <location filename="../../desktop/tray/report_dialog.py" line="396" />
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/report_dialog.py" line="441" />
        <source>Sent as {number}.</source>
        <translation>Terkirim sebagai {number}.</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="88" />
        <source>Resolve ticket</source>
        <translation>Selesaikan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="89" />
        <source>Describe the solution. The requester sees it and is asked to rate the help they got.</source>
        <translation>Jelaskan solusinya. Pelapor akan melihatnya dan diminta menilai bantuan yang diterima.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="94" />
        <source>Turn the solution into a knowledge-base draft</source>
        <translation>Jadikan solusi ini draf basis pengetahuan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/dialogs.py" line="97" />
        <source>Solution:</source>
        <translation>Solusi:</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="37" />
        <location filename="../../desktop/console/admin/rules.py" line="66" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="37" />
        <location filename="../../desktop/console/admin/rules.py" line="66" />
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="37" />
        <source>Rules</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="37" />
        <location filename="../../desktop/console/admin/rules.py" line="67" />
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="42" />
        <source>New category name</source>
        <translation>Nama kategori baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="49" />
        <source>Add category</source>
        <translation>Tambah kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="54" />
        <source>under</source>
        <translation>di bawah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="56" />
        <source>team</source>
        <translation>tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="59" />
        <location filename="../../desktop/console/admin/rules.py" line="187" />
        <source>Disable category</source>
        <translation>Nonaktifkan kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="66" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="66" />
        <source>Keywords</source>
        <translation>Kata kunci</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="67" />
        <source>Impact</source>
        <translation>Dampak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="67" />
        <source>Urgency</source>
        <translation>Urgensi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="71" />
        <source>comma-separated words or phrases, e.g. vpn, remote access</source>
        <translation>kata atau frasa dipisahkan koma, misalnya vpn, akses jarak jauh</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="78" />
        <source>Active (tried on new tickets)</source>
        <translation>Aktif (dicoba pada tiket baru)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="82" />
        <source>Keywords:</source>
        <translation>Kata kunci:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="83" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="84" />
        <source>Team:</source>
        <translation>Tim:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="85" />
        <source>Impact:</source>
        <translation>Dampak:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="86" />
        <source>Urgency:</source>
        <translation>Urgensi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="89" />
        <source>New rule</source>
        <translation>Aturan baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="90" />
        <source>Move up</source>
        <translation>Naikkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="91" />
        <source>Move down</source>
        <translation>Turunkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="97" />
        <source>Save rule</source>
        <translation>Simpan aturan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="105" />
        <source>Type a ticket subject to see which rule classifies it…</source>
        <translation>Ketik subjek tiket untuk melihat aturan mana yang mengklasifikasikannya…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="107" />
        <source>Test this text</source>
        <translation>Uji teks ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="143" />
        <location filename="../../desktop/console/admin/rules.py" line="173" />
        <source>(none)</source>
        <translation>(tidak ada)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="159" />
        <location filename="../../desktop/console/admin/rules.py" line="180" />
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="159" />
        <location filename="../../desktop/console/admin/rules.py" line="180" />
        <source>disabled</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="161" />
        <source>(top level)</source>
        <translation>(tingkat teratas)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="187" />
        <source>Enable category</source>
        <translation>Aktifkan kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/rules.py" line="248" />
        <source>Saved rule #{id}.</source>
        <translation>Aturan #{id} disimpan.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="30" />
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="38" />
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="39" />
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="42" />
        <source>Closing the console keeps it running in the system tray</source>
        <translation>Menutup konsol membiarkannya tetap berjalan di baki sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="48" />
        <source>This desktop has no system tray: closing the console quits it.</source>
        <translation>Desktop ini tidak punya baki sistem: menutup konsol akan mengakhirinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="51" />
        <source>Windows opened from now on use the new language; restart to change all of them.</source>
        <translation>Jendela yang dibuka setelah ini memakai bahasa baru; mulai ulang untuk mengubah semuanya.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="57" />
        <source>Language:</source>
        <translation>Bahasa:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/settings_dialog.py" line="58" />
        <source>Theme:</source>
        <translation>Tema:</translation>
    </message>
</context>
<context>
    <name>ShiftsPage</name>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="60" />
        <source>Team:</source>
        <translation>Tim:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="63" />
        <source>Agent</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="63" />
        <source>Days</source>
        <translation>Hari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="63" />
        <source>Hours</source>
        <translation>Jam kerja</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="63" />
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="69" />
        <source>e.g. mon-fri or sat,sun</source>
        <translation>mis. mon-fri atau sat,sun</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="81" />
        <source>an end before the start runs past midnight</source>
        <translation>jam selesai sebelum jam mulai berarti lewat tengah malam</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="82" />
        <source>Add shifts</source>
        <translation>Tambah shift</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="85" />
        <source>Remove selected shifts</source>
        <translation>Hapus shift terpilih</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="91" />
        <source>No limit</source>
        <translation>Tanpa batas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="92" />
        <source> tickets</source>
        <translation> tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="93" />
        <source>Set capacity</source>
        <translation>Atur kapasitas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="97" />
        <source>Agent:</source>
        <translation>Agen:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="98" />
        <source>Days:</source>
        <translation>Hari:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="99" />
        <source>Hours:</source>
        <translation>Jam:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="100" />
        <source>Time zone:</source>
        <translation>Zona waktu:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="104" />
        <source>Most active tickets:</source>
        <translation>Tiket aktif maksimum:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="110" />
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="110" />
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="110" />
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="110" />
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="110" />
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="125" />
        <source>e.g. Annual leave, Idul Fitri</source>
        <translation>mis. Cuti tahunan, Idul Fitri</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="126" />
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="128" />
        <source>Leave and cover are for the agent chosen above; a holiday is for the team.</source>
        <translation>Cuti dan tugas pengganti untuk agen yang dipilih di atas; hari libur untuk timnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="130" />
        <source>Withdraw selected</source>
        <translation>Batalkan yang dipilih</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="147" />
        <source>Leave, holidays and cover to come</source>
        <translation>Cuti, hari libur, dan tugas pengganti yang akan datang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="177" />
        <source>Everyone</source>
        <translation>Semua orang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="207" />
        <source>Choose a team and one of its agents first.</source>
        <translation>Pilih dulu tim dan salah satu agennya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="217" />
        <source>{name}: {n} shifts added.</source>
        <translation>{name}: {n} shift ditambahkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="222" />
        <source>Select the shifts to remove.</source>
        <translation>Pilih shift yang akan dihapus.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="228" />
        <source>{n} shifts removed.</source>
        <translation>{n} shift dihapus.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="239" />
        <source>{name} gets at most {n} active tickets.</source>
        <translation>{name} mendapat paling banyak {n} tiket aktif.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="240" />
        <source>{name} has no ticket limit.</source>
        <translation>{name} tidak punya batas tiket.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="256" />
        <source>{kind} added for {who}.</source>
        <translation>{kind} ditambahkan untuk {who}.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="262" />
        <source>Select the leave, holiday or cover to withdraw.</source>
        <translation>Pilih cuti, hari libur, atau tugas pengganti yang akan dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/shifts.py" line="268" />
        <source>Withdrawn.</source>
        <translation>Dibatalkan.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../desktop/common/signin.py" line="65" />
        <source>6-digit code or a recovery code</source>
        <translation>Kode 6 digit atau kode pemulihan</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="71" />
        <source>User name:</source>
        <translation>Nama pengguna:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="72" />
        <source>Password:</source>
        <translation>Kata sandi:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="73" />
        <source>One-time code:</source>
        <translation>Kode sekali pakai:</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="78" />
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="157" />
        <source>Enter your user name and password.</source>
        <translation>Masukkan nama pengguna dan kata sandi Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="160" />
        <source>Signing in…</source>
        <translation>Sedang masuk…</translation>
    </message>
    <message>
        <location filename="../../desktop/common/signin.py" line="205" />
        <source>Two-factor sign-in was not set up.</source>
        <translation>Masuk dua faktor tidak jadi diatur.</translation>
    </message>
</context>
<context>
    <name>SlaPage</name>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="24" />
        <source>Priority</source>
        <translation>Prioritas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="24" />
        <source>First response</source>
        <translation>Respons pertama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="24" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="25" />
        <source>Resolution</source>
        <translation>Penyelesaian</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="25" />
        <source>Warn at</source>
        <translation>Peringatan pada</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="25" />
        <source>Calendar</source>
        <translation>Kalender</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="37" />
        <source> min (business time)</source>
        <translation> menit (waktu kerja)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="47" />
        <source>Priority:</source>
        <translation>Prioritas:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="48" />
        <source>Category:</source>
        <translation>Kategori:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="49" />
        <source>First response within:</source>
        <translation>Respons pertama dalam:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="50" />
        <source>Resolution within:</source>
        <translation>Penyelesaian dalam:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="51" />
        <source>Warn when used:</source>
        <translation>Peringatkan bila terpakai:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="52" />
        <source>Business calendar:</source>
        <translation>Kalender kerja:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="53" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="56" />
        <source>Remove category policy</source>
        <translation>Hapus kebijakan kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="58" />
        <source>The category's tickets then follow the priority's general policy.</source>
        <translation>Tiket kategori itu lalu mengikuti kebijakan umum prioritasnya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="82" />
        <location filename="../../desktop/console/admin/sla.py" line="99" />
        <source>Around the clock (24x7)</source>
        <translation>Sepanjang waktu (24x7)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="89" />
        <source>All categories (general policy)</source>
        <translation>Semua kategori (kebijakan umum)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="96" />
        <source>All categories</source>
        <translation>Semua kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="128" />
        <source>Saved the {priority} policy; new tickets follow it.</source>
        <translation>Kebijakan {priority} disimpan; tiket baru mengikutinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="131" />
        <source>Saved the {priority} policy of {category}; its new tickets follow it.</source>
        <translation>Kebijakan {priority} untuk {category} disimpan; tiket barunya mengikutinya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/sla.py" line="145" />
        <source>Removed the {priority} policy of {category}; its tickets follow the general policy.</source>
        <translation>Kebijakan {priority} untuk {category} dihapus; tiketnya mengikuti kebijakan umum.</translation>
    </message>
</context>
<context>
    <name>TeamsPage</name>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="20" />
        <source>Team</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="20" />
        <source>Tier</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="20" />
        <source>Members</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="32" />
        <source>user names, comma-separated</source>
        <translation>nama pengguna, dipisahkan koma</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="34" />
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="35" />
        <source>Tier:</source>
        <translation>Tingkat:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="36" />
        <source>Description:</source>
        <translation>Deskripsi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="37" />
        <source>Members:</source>
        <translation>Anggota:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="38" />
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="41" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/teams.py" line="102" />
        <source>Saved team {name}.</source>
        <translation>Tim {name} disimpan.</translation>
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
        <location filename="../../desktop/console/ticket/view.py" line="85" />
        <source>Select a ticket in the queue to see it here.</source>
        <translation>Pilih tiket di antrean untuk melihatnya di sini.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="142" />
        <source>Apply my change again</source>
        <translation>Terapkan lagi perubahan saya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="145" />
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="162" />
        <source>Insert a canned response…</source>
        <translation>Balasan siap pakai…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="170" />
        <source>Write a reply to the requester, or an internal note…</source>
        <translation>Tulis balasan untuk pelapor, atau catatan internal…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="173" />
        <source>Send reply</source>
        <translation>Kirim balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="176" />
        <source>Add internal note</source>
        <translation>Tambah catatan internal</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="178" />
        <source>Add the text as an internal note, seen by staff only ({keys})</source>
        <translation>Tambahkan teks sebagai catatan internal, hanya terlihat oleh staf ({keys})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="199" />
        <source>Insert into reply</source>
        <translation>Sisipkan ke balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="206" />
        <source>Suggested articles</source>
        <translation>Artikel yang disarankan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="321" />
        <source>No matching articles</source>
        <translation>Tidak ada artikel yang cocok</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="400" />
        <source>…and {n} more</source>
        <translation>…dan {n} lainnya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="402" />
        <source>Your text is kept; check their change, then apply yours again.</source>
        <translation>Teks Anda tetap tersimpan; periksa perubahan mereka, lalu terapkan lagi perubahan Anda.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="407" />
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="410" />
        <source>reply</source>
        <translation>balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/view.py" line="410" />
        <source>internal note</source>
        <translation>catatan internal</translation>
    </message>
</context>
<context>
    <name>TrayApp</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="137" />
        <source>Report a problem…</source>
        <translation>Laporkan masalah…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="138" />
        <source>My tickets</source>
        <translation>Tiket saya</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="139" />
        <source>Search help articles…</source>
        <translation>Cari artikel bantuan…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="140" />
        <source>Ask the help assistant…</source>
        <translation>Tanya asisten bantuan…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="144" />
        <location filename="../../desktop/tray/app.py" line="366" />
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="148" />
        <source>Sign out</source>
        <translation>Keluar dari akun</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="149" />
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="156" />
        <source>Helpdesk — {name}</source>
        <translation>Helpdesk — {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="172" />
        <source>Helpdesk</source>
        <translation>Helpdesk</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="174" />
        <source>Hello {name}. How can we help?</source>
        <translation>Halo {name}. Ada yang bisa kami bantu?</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="215" />
        <source>Known problem</source>
        <translation>Masalah diketahui</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="249" />
        <source>Screenshots cannot be sent to this helpdesk server yet</source>
        <translation>Tangkapan layar belum bisa dikirim ke server helpdesk ini</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="292" />
        <source>Added to your ticket</source>
        <translation>Ditambahkan ke tiket Anda</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="293" />
        <source>Your words were added to {number}.</source>
        <translation>Tulisan Anda ditambahkan ke {number}.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="316" />
        <source>Kept in the outbox</source>
        <translation>Disimpan di kotak keluar</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="348" />
        <source>News on your ticket</source>
        <translation>Kabar tentang tiket Anda</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="378" />
        <source>Problem reported</source>
        <translation>Masalah dilaporkan</translation>
    </message>
    <message>
        <location filename="../../desktop/tray/app.py" line="379" />
        <source>{number} was sent to the helpdesk.</source>
        <translation>{number} telah dikirim ke helpdesk.</translation>
    </message>
</context>
<context>
    <name>TrendsPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="53" />
        <source>Trends</source>
        <translation>Tren</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="57" />
        <source>Rising category</source>
        <translation>Kategori meningkat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="57" />
        <source>Last week</source>
        <translation>Minggu lalu</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="57" />
        <source>This week</source>
        <translation>Minggu ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="58" />
        <source>Keeps coming back</source>
        <translation>Terus berulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="58" />
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="58" />
        <source>Tickets</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="62" />
        <source>Double-click to see the tickets in the queue</source>
        <translation>Klik dua kali untuk melihat tiketnya di antrean</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="63" />
        <source>Show tickets</source>
        <translation>Tampilkan tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="86" />
        <source>machine</source>
        <translation>mesin</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/insights.py" line="86" />
        <source>person</source>
        <translation>orang</translation>
    </message>
</context>
<context>
    <name>TriagePanel</name>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="37" />
        <source>Triage</source>
        <translation>Triase</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="42" />
        <source>Use this category</source>
        <translation>Pakai kategori ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="44" />
        <source>Recorded as a correction: the next training learns from it</source>
        <translation>Dicatat sebagai koreksi: pelatihan berikutnya belajar darinya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="51" />
        <source>Double-click to open the ticket</source>
        <translation>Klik dua kali untuk membuka tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="54" />
        <source>Same problem: merge into it</source>
        <translation>Masalah sama: gabungkan ke tiket itu</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="57" />
        <source>Suggested reply</source>
        <translation>Saran balasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="59" />
        <source>A draft from the closest resolved tickets and articles, quoted</source>
        <translation>Draf dari tiket selesai dan artikel yang paling mirip, dikutip</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="71" />
        <source>Open tickets that look the same:</source>
        <translation>Tiket terbuka yang tampak sama:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="100" />
        <source>No learned suggestion (no model yet, or no known word).</source>
        <translation>Belum ada saran dari model (belum ada model, atau tidak ada kata yang dikenal).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="103" />
        <source>Model v{version}: {category}, {percent}% sure (from: {words})</source>
        <translation>Model v{version}: {category}, yakin {percent}% (dari: {words})</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="107" />
        <source>Teams that solved such tickets: {team}</source>
        <translation>Tim yang menyelesaikan tiket seperti ini: {team}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="130" />
        <source>same symptom</source>
        <translation>gejala sama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="130" />
        <source>same requester</source>
        <translation>pelapor sama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="131" />
        <source>same machine</source>
        <translation>mesin sama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="121" />
        <source>None</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="166" />
        <source>Nothing close enough was solved before.</source>
        <translation>Belum pernah ada masalah yang cukup mirip yang diselesaikan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/triage_panel.py" line="168" />
        <source>Inserted; sources: {sources}</source>
        <translation>Disisipkan; sumber: {sources}</translation>
    </message>
</context>
<context>
    <name>UndeliveredBanner</name>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="44" />
        <source>Send again</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="47" />
        <source>Send to another address…</source>
        <translation>Kirim ke alamat lain…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="50" />
        <source>Do not send</source>
        <translation>Jangan kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="52" />
        <source>Dismiss the undelivered mail: it will not be sent</source>
        <translation>Abaikan surel yang tidak terkirim: surel itu tidak akan dikirim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="92" />
        <source>A mail to {address} could not be delivered ({kind}, {when}): {error}</source>
        <translation>Surel ke {address} tidak dapat dikirim ({kind}, {when}): {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="96" />
        <source>({n} more undelivered)</source>
        <translation>({n} lagi tidak terkirim)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="25" />
        <source>Send to another address</source>
        <translation>Kirim ke alamat lain</translation>
    </message>
    <message>
        <location filename="../../desktop/console/ticket/undelivered.py" line="26" />
        <source>Send this mail to:</source>
        <translation>Kirim surel ini ke:</translation>
    </message>
</context>
<context>
    <name>UndeliveredPane</name>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="37" />
        <source>Show dismissed mail</source>
        <translation>Tampilkan surel yang diabaikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="42" />
        <source>Given up</source>
        <translation>Dihentikan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="42" />
        <source>Ticket</source>
        <translation>Tiket</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="42" />
        <source>To</source>
        <translation>Kepada</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="42" />
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="43" />
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="43" />
        <source>Why</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="58" />
        <source>Send again</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="60" />
        <source>Send the mail again now, to the same address</source>
        <translation>Kirim ulang surel sekarang, ke alamat yang sama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="62" />
        <source>Send to another address…</source>
        <translation>Kirim ke alamat lain…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="65" />
        <source>Do not send</source>
        <translation>Jangan kirim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="67" />
        <source>It will not be sent; it stays listed under "Show dismissed mail", and Send again undoes it</source>
        <translation>Surel tidak akan dikirim; tetap tercantum di "Tampilkan surel yang diabaikan", dan Kirim ulang membatalkannya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="70" />
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="74" />
        <source>Notifications the mail server refused, or that failed every attempt: nobody has received them.</source>
        <translation>Notifikasi yang ditolak server surel, atau gagal di setiap percobaan: belum ada yang menerimanya.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="92" />
        <source>Only supervisors and admins see undelivered mail.</source>
        <translation>Hanya supervisor dan admin yang melihat surel tidak terkirim.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="107" />
        <source>Dismissed by {name}</source>
        <translation>Diabaikan oleh {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="107" />
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <location filename="../../desktop/console/undelivered_view.py" line="128" />
        <source>Every notification was delivered: nothing is waiting for you here.</source>
        <translation>Semua notifikasi sudah terkirim: tidak ada yang menunggu Anda di sini.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="45" />
        <source>Search by name, user name, e-mail or department…</source>
        <translation>Cari menurut nama, nama pengguna, surel atau departemen…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="47" />
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="47" />
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="47" />
        <source>Role</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="47" />
        <source>Teams</source>
        <translation>Tim</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="48" />
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="72" />
        <source>(the desk's)</source>
        <translation>(bawaan layanan)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="79" />
        <source>User name:</source>
        <translation>Nama pengguna:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="79" />
        <source>Full name:</source>
        <translation>Nama lengkap:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="80" />
        <source>E-mail:</source>
        <translation>Surel:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="80" />
        <source>Phone:</source>
        <translation>Telepon:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="81" />
        <source>Department:</source>
        <translation>Departemen:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="81" />
        <source>Location:</source>
        <translation>Lokasi:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="82" />
        <source>Role:</source>
        <translation>Peran:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="82" />
        <source>Teams:</source>
        <translation>Tim:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="83" />
        <source>Language:</source>
        <translation>Bahasa:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="83" />
        <source>Time zone:</source>
        <translation>Zona waktu:</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="86" />
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="89" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="92" />
        <location filename="../../desktop/console/admin/users.py" line="208" />
        <source>Deactivate</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="95" />
        <source>Reset password</source>
        <translation>Atur ulang kata sandi</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="98" />
        <source>Hand over tickets…</source>
        <translation>Serahkan tiket…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="108" />
        <source>Import CSV…</source>
        <translation>Impor CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="111" />
        <source>Import these accounts</source>
        <translation>Impor akun-akun ini</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="161" />
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="161" />
        <source>deactivated</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="208" />
        <source>Reactivate</source>
        <translation>Aktifkan kembali</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="239" />
        <source>Saved {user}.</source>
        <translation>{user} disimpan.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="251" />
        <source>{user} is active again.</source>
        <translation>{user} aktif kembali.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="253" />
        <source>{user} is deactivated: no sign-in, no new work.</source>
        <translation>{user} dinonaktifkan: tidak bisa masuk, tidak mendapat pekerjaan baru.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="255" />
        <source>{n} open tickets are still assigned to them; “Hand over tickets…” gives them to colleagues.</source>
        <translation>{n} tiket terbuka masih ditugaskan kepadanya; “Serahkan tiket…” memberikannya kepada rekan kerja.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="274" />
        <source>{user} has no open tickets.</source>
        <translation>{user} tidak punya tiket terbuka.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="289" />
        <source>their team's queue: {n}</source>
        <translation>antrean timnya: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="290" />
        <source>Handed over {n} open tickets of {user} ({where}).</source>
        <translation>{n} tiket terbuka milik {user} telah diserahkan ({where}).</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="298" />
        <source>New password for {user}: {password}</source>
        <translation>Kata sandi baru untuk {user}: {password}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="304" />
        <source>Import users from CSV</source>
        <translation>Impor pengguna dari CSV</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="305" />
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Berkas CSV (*.csv);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="324" />
        <source>line {line}: {message}</source>
        <translation>baris {line}: {message}</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="326" />
        <source>{bad} of {n} rows are wrong; nothing was imported.</source>
        <translation>{bad} dari {n} baris salah; tidak ada yang diimpor.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="329" />
        <source>All {n} rows are fine. Nothing is written yet: press “Import these accounts”.</source>
        <translation>Semua {n} baris benar. Belum ada yang ditulis: tekan “Impor akun-akun ini”.</translation>
    </message>
    <message>
        <location filename="../../desktop/console/admin/users.py" line="333" />
        <source>Imported {n} accounts: {names}</source>
        <translation>{n} akun diimpor: {names}</translation>
    </message>
</context>
<context>
    <name>WorkloadPanel</name>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="19" />
        <source>Workload</source>
        <translation>Beban kerja</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="24" />
        <source>Agent</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="24" />
        <source>Open</source>
        <translation>Terbuka</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="24" />
        <source>Due soon</source>
        <translation>Segera jatuh tempo</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="25" />
        <source>Overdue</source>
        <translation>Terlambat</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="25" />
        <source>Capacity</source>
        <translation>Kapasitas</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="25" />
        <source>On shift</source>
        <translation>Sedang shift</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="45" />
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="45" />
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <location filename="../../desktop/console/dashboard/workload.py" line="51" />
        <source>At capacity: auto-assignment skips this agent</source>
        <translation>Kapasitas penuh: penugasan otomatis melewati petugas ini</translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <location filename="../../desktop/console/app.py" line="140" />
        <location filename="../../desktop/console/app.py" line="180" />
        <source>Helpdesk console — sign in</source>
        <translation>Konsol helpdesk — masuk</translation>
    </message>
</context>
<context>
    <name>tray</name>
    <message>
        <location filename="../../desktop/tray/app.py" line="527" />
        <location filename="../../desktop/tray/app.py" line="575" />
        <source>Helpdesk — sign in</source>
        <translation>Helpdesk — masuk</translation>
    </message>
</context>
</TS>