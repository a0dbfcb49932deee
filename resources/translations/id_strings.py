"""Bahasa Indonesia for the desktop apps' strings: the source for helpdesk_id.ts.

Regenerate after changing strings:
    pyside6-lupdate -tr-function-alias tr+=_tr $(find desktop -name '*.py') \
        -ts resources/translations/helpdesk_id.ts -target-language id_ID
    python resources/translations/id_strings.py   # fills in the translations below
    pyside6-lrelease resources/translations/helpdesk_id.ts
"""

from __future__ import annotations

ID: dict[str, str] = {
    "Not found": "Tidak ditemukan",
    "Not allowed": "Tidak diizinkan",
    "Not possible now": "Tidak bisa sekarang",
    "Please check your input": "Mohon periksa isian Anda",
    "Changed by someone else": "Diubah oleh orang lain",
    "Sign-in failed": "Gagal masuk",
    "Database unavailable": "Basis data tidak tersedia",
    "Cannot connect": "Tidak dapat terhubung",
    "Helpdesk": "Helpdesk",
    "Unexpected error": "Kesalahan tak terduga",
    "Something went wrong that should not have: {error}. The details are in the log.":
        "Terjadi kesalahan yang seharusnya tidak terjadi: {error}. Rinciannya ada di log.",
    "{d}d {h}h": "{d}h {h}j",
    "{h}h {m:02d}m": "{h}j {m:02d}m",
    "{m}m": "{m}m",
    "paused": "dijeda",
    "overdue {t}": "terlambat {t}",
    "Claim": "Ambil",
    "Assign…": "Tugaskan…",
    "Category / impact…": "Kategori / dampak…",
    "Priority…": "Prioritas…",
    "Pending user…": "Menunggu pengguna…",
    "Pending vendor…": "Menunggu vendor…",
    "Escalate…": "Eskalasi…",
    "Resolve…": "Selesaikan…",
    "Close…": "Tutup…",
    "Reopen…": "Buka kembali…",
    "Merge…": "Gabungkan…",
    "Link…": "Tautkan…",
    "Waiting on the requester": "Menunggu pelapor",
    "Waiting on a vendor": "Menunggu vendor",
    "What are you waiting for?": "Apa yang sedang ditunggu?",
    "The SLA clock pauses while the ticket waits.": "Jam SLA berhenti selama tiket menunggu.",
    "Close ticket": "Tutup tiket",
    "Reason:": "Alasan:",
    "Closed is final. An unresolved ticket needs a reason (duplicate, spam…).":
        "Tiket yang ditutup tidak bisa dibuka lagi. Tiket yang belum selesai perlu alasan (duplikat, spam…).",
    "Reopen ticket": "Buka kembali tiket",
    "Merge ticket": "Gabungkan tiket",
    "Merge into:": "Gabungkan ke:",
    "This ticket is a duplicate: it will be closed and its request copied onto the other ticket.":
        "Tiket ini duplikat: tiket ini akan ditutup dan permintaannya disalin ke tiket lain.",
    "Link ticket": "Tautkan tiket",
    "Related ticket:": "Tiket terkait:",
    "Status": "Status",
    "Priority": "Prioritas",
    "Assignee": "Petugas",
    "Tier": "Tingkat",
    "Team": "Tim",
    "Category": "Kategori",
    "Impact": "Dampak",
    "Urgency": "Urgensi",
    "Subject": "Subjek",
    "Link": "Tautan",
    "Created": "Dibuat",
    "Vendor reference": "Referensi vendor",
    "Machine": "Perangkat",
    "System": "Sistem",
    "Requester reply": "Balasan pelapor",
    "Reply": "Balasan",
    "by email": "lewat email",
    "Internal note": "Catatan internal",
    "Diagnostic run": "Diagnostik dijalankan",
    "Assign ticket": "Tugaskan tiket",
    "(nobody: unassign)": "(tidak ada: lepas penugasan)",
    "(off duty)": "(tidak bertugas)",
    "Agent:": "Agen:",
    "Your problem was marked as solved. How satisfied are you with the help?":
        "Masalah Anda ditandai selesai. Seberapa puas Anda dengan bantuannya?",
    "1 · very unhappy": "1 · sangat tidak puas",
    "5 · very happy": "5 · sangat puas",
    "Anything you want to tell us (optional)": "Ada yang ingin Anda sampaikan? (opsional)",
    "Send rating": "Kirim penilaian",
    "Last 7 days": "7 hari terakhir",
    "Last 30 days": "30 hari terakhir",
    "Last 90 days": "90 hari terakhir",
    "Custom": "Kustom",
    "Refresh": "Muat ulang",
    "Period:": "Periode:",
    "Open backlog": "Tiket terbuka",
    "SLA compliance (resolved in period)": "Kepatuhan SLA (selesai dalam periode)",
    "First contact resolution": "Selesai pada kontak pertama",
    "Mean resolution time": "Rata-rata waktu penyelesaian",
    "Customer satisfaction": "Kepuasan pelanggan",
    "Created / resolved in period": "Dibuat / selesai dalam periode",
    "Your role cannot view reports. Ask a supervisor.": "Peran Anda tidak dapat melihat laporan. Tanyakan supervisor.",
    "First response: mean {mean}, median {median}": "Respons pertama: rata-rata {mean}, median {median}",
    "Open backlog by age": "Tiket terbuka menurut umur",
    "Top categories (created in period)": "Kategori teratas (dibuat dalam periode)",
    "Open backlog by tier": "Tiket terbuka menurut tingkat",
    "Tickets created per day": "Tiket dibuat per hari",
    "no data": "tidak ada data",
    "This period": "Periode ini",
    "Period before": "Periode sebelumnya",
    "Escalate ticket": "Eskalasi tiket",
    "L4 means an external vendor: the ticket waits on them and its SLA clock pauses.":
        "L4 berarti vendor eksternal: tiket menunggu mereka dan jam SLA-nya berhenti.",
    "L2 — desktop support": "L2 — dukungan desktop",
    "L3 — infrastructure": "L3 — infrastruktur",
    "L4 — external vendor": "L4 — vendor eksternal",
    "Vendor's case number (L4 only)": "Nomor kasus vendor (khusus L4)",
    "Escalate to:": "Eskalasi ke:",
    "Vendor reference:": "Referensi vendor:",
    "Category, impact and urgency": "Kategori, dampak dan urgensi",
    "(none)": "(tidak ada)",
    "Category:": "Kategori:",
    "Impact:": "Dampak:",
    "Urgency:": "Urgensi:",
    "Search help articles": "Cari artikel bantuan",
    "Type a few words, e.g. printer, VPN, password…": "Ketik beberapa kata, mis. printer, VPN, kata sandi…",
    "This helped": "Ini membantu",
    "This did not help": "Ini tidak membantu",
    "No articles match. Try other words, or report the problem.":
        "Tidak ada artikel yang cocok. Coba kata lain, atau laporkan masalahnya.",
    "Search articles…": "Cari artikel…",
    "New article": "Artikel baru",
    "comma-separated, e.g. vpn, remote": "dipisah koma, mis. vpn, remote",
    "Save": "Simpan",
    "Publish": "Terbitkan",
    "Archive": "Arsipkan",
    "Title:": "Judul:",
    "Tags:": "Tag:",
    "No articles found": "Tidak ada artikel",
    "draft": "draf",
    "published": "terbit",
    "archived": "diarsipkan",
    "New draft": "Draf baru",
    "{status} · updated {when} · {views} views · {yes} found it helpful, {no} did not":
        "{status} · diperbarui {when} · dilihat {views} kali · {yes} merasa terbantu, {no} tidak",
    "solved {tickets}": "menyelesaikan {tickets}",
    "Your text is still here: copy it, reopen the article and apply it again.":
        "Teks Anda masih ada: salin, buka lagi artikelnya, lalu terapkan kembali.",
    "Host": "Host",
    "Operating system": "Sistem operasi",
    "Last seen": "Terakhir terlihat",
    "Active alerts": "Peringatan aktif",
    "Probe": "Probe",
    "Your role cannot see machines.": "Peran Anda tidak dapat melihat perangkat.",
    "No machines yet.\n\nMachines appear here once the helpdesk probe is installed on them and has reported in.":
        "Belum ada perangkat.\n\nPerangkat muncul di sini setelah probe helpdesk dipasang dan mengirim laporan.",
    "Helpdesk console — {name}": "Konsol helpdesk — {name}",
    "Queue": "Antrean",
    "Knowledge base": "Basis pengetahuan",
    "Dashboard": "Dasbor",
    "Machines": "Perangkat",
    "Signed in as {name} ({user}) · {role}": "Masuk sebagai {name} ({user}) · {role}",
    "Notifications": "Notifikasi",
    "Working…": "Memproses…",
    "Notifications are not available yet": "Notifikasi belum tersedia",
    "&Helpdesk": "&Helpdesk",
    "Settings…": "Pengaturan…",
    "Quit": "Keluar",
    "&Ticket": "&Tiket",
    "Next ticket": "Tiket berikutnya",
    "Previous ticket": "Tiket sebelumnya",
    "Send reply": "Kirim balasan",
    "Search the queue": "Cari di antrean",
    "&Help": "&Bantuan",
    "Keyboard shortcuts": "Pintasan keyboard",
    "Next / previous ticket": "Tiket berikutnya / sebelumnya",
    "Resolve": "Selesaikan",
    "Settings": "Pengaturan",
    "Notifications ({n})": "Notifikasi ({n})",
    "No new notifications": "Tidak ada notifikasi baru",
    "My tickets": "Tiket saya",
    "Choose a ticket on the left.": "Pilih tiket di sebelah kiri.",
    "Write to the helpdesk… (replying to a solved ticket reopens it)":
        "Tulis ke helpdesk… (membalas tiket yang sudah selesai akan membukanya kembali)",
    "Send": "Kirim",
    "You have not reported any problems yet.": "Anda belum melaporkan masalah apa pun.",
    "Status: {status} · opened {when}": "Status: {status} · dibuka {when}",
    "opened {when}": "dibuka {when}",
    "handled by {name}": "ditangani oleh {name}",
    "Solution: {text}": "Solusi: {text}",
    "You wrote: {text}": "Anda menulis: {text}",
    "This ticket is closed. Report a new problem instead.": "Tiket ini sudah ditutup. Silakan laporkan masalah baru.",
    "Override priority": "Ubah prioritas secara manual",
    "Back to impact × urgency": "Kembali ke dampak × urgensi",
    "Priority:": "Prioritas:",
    "Number": "Nomor",
    "Requester": "Pelapor",
    "SLA": "SLA",
    "Updated": "Diperbarui",
    "Response due": "Batas respons",
    "Resolution due": "Batas penyelesaian",
    "Search subject, description or ticket number…": "Cari subjek, deskripsi atau nomor tiket…",
    "Save filter…": "Simpan filter…",
    "Delete filter": "Hapus filter",
    "Unassigned": "Belum ditugaskan",
    "My team": "Tim saya",
    "Near / over SLA": "Mendekati / lewat SLA",
    "All tickets": "Semua tiket",
    "My requests": "Permintaan saya",
    "Save filter": "Simpan filter",
    "Name of the filter:": "Nama filter:",
    "%n ticket(s)": "%n tiket",
    "Report a problem": "Laporkan masalah",
    "In a few words: what is wrong?": "Singkatnya: apa masalahnya?",
    "What happened, since when, any error message…": "Apa yang terjadi, sejak kapan, pesan galat…",
    "I don't know": "Saya tidak tahu",
    "It can wait": "Bisa menunggu",
    "It slows me down": "Menghambat pekerjaan saya",
    "I cannot work": "Saya tidak bisa bekerja",
    "Just me": "Hanya saya",
    "Many people / the whole office": "Banyak orang / seluruh kantor",
    "Attach a screenshot of my screen": "Lampirkan tangkapan layar saya",
    "Subject:": "Subjek:",
    "Description:": "Deskripsi:",
    "How urgent is it?": "Seberapa mendesak?",
    "Who is affected?": "Siapa yang terdampak?",
    "These help articles may solve it right away:": "Artikel bantuan ini mungkin langsung menyelesaikannya:",
    "This solved it": "Ini menyelesaikannya",
    "Submit": "Kirim",
    "Cancel": "Batal",
    "Describe the problem and matching articles appear here.":
        "Jelaskan masalahnya, dan artikel yang cocok akan muncul di sini.",
    "Sending…": "Mengirim…",
    "Sent as {number}.": "Terkirim sebagai {number}.",
    "Resolve ticket": "Selesaikan tiket",
    "Describe the solution. The requester sees it and is asked to rate the help they got.":
        "Jelaskan solusinya. Pelapor akan melihatnya dan diminta menilai bantuan yang diterima.",
    "Turn the solution into a knowledge-base draft": "Jadikan solusi ini draf basis pengetahuan",
    "Solution:": "Solusi:",
    "Light": "Terang",
    "Dark": "Gelap",
    "Windows opened from now on use the new language; restart to change all of them.":
        "Jendela yang dibuka setelah ini memakai bahasa baru; mulai ulang untuk mengubah semuanya.",
    "Language:": "Bahasa:",
    "Theme:": "Tema:",
    "User name:": "Nama pengguna:",
    "Password:": "Kata sandi:",
    "Sign in": "Masuk",
    "Enter your user name and password.": "Masukkan nama pengguna dan kata sandi Anda.",
    "Signing in…": "Sedang masuk…",
    "priority set by hand": "prioritas diatur manual",
    "merged into {n}": "digabung ke {n}",
    "unassigned": "belum ditugaskan",
    "uncategorised": "tanpa kategori",
    "Impact / urgency": "Dampak / urgensi",
    "Vendor ref.": "Ref. vendor",
    "Linked": "Tertaut",
    "Attachments": "Lampiran",
    "Response:": "Respons:",
    "answered {t}": "dijawab {t}",
    "resolved {t}": "diselesaikan {t}",
    "(late)": "(terlambat)",
    "Resolution:": "Penyelesaian:",
    "paused (due {at} before the pause)": "dijeda (batas {at} sebelum jeda)",
    "overdue by {t} (was due {at})": "terlambat {t} (batas {at})",
    "due {at} (in {t})": "batas {at} ({t} lagi)",
    "Select a ticket in the queue to see it here.": "Pilih tiket di antrean untuk melihatnya di sini.",
    "Apply my change again": "Terapkan lagi perubahan saya",
    "Dismiss": "Tutup",
    "Insert a canned response…": "Sisipkan balasan siap pakai…",
    "Write a reply to the requester, or an internal note…": "Tulis balasan untuk pelapor, atau catatan internal…",
    "Add internal note": "Tambah catatan internal",
    "Insert into reply": "Sisipkan ke balasan",
    "Suggested articles": "Artikel yang disarankan",
    "No matching articles": "Tidak ada artikel yang cocok",
    "…and {n} more": "…dan {n} lainnya",
    "Your text is kept; check their change, then apply yours again.":
        "Teks Anda tetap tersimpan; periksa perubahan mereka, lalu terapkan lagi perubahan Anda.",
    "reply": "balasan",
    "internal note": "catatan internal",
    "Report a problem…": "Laporkan masalah…",
    "Search help articles…": "Cari artikel bantuan…",
    "Helpdesk — {name}": "Helpdesk — {name}",
    "Hello {name}. How can we help?": "Halo {name}. Ada yang bisa kami bantu?",
    "Problem reported": "Masalah dilaporkan",
    "{number} was sent to the helpdesk.": "{number} telah dikirim ke helpdesk.",
    "Helpdesk console — sign in": "Konsol helpdesk — masuk",
    "Helpdesk — sign in": "Helpdesk — masuk",
    # the tray over HTTP (desktop/tray/http_client.py, app.py)
    "'{url}' is not a helpdesk server address such as https://helpdesk.example.org.":
        "'{url}' bukan alamat server helpdesk seperti https://helpdesk.example.org.",
    "The helpdesk server address must start with https:// so that your password is not sent in clear text.":
        "Alamat server helpdesk harus diawali https:// agar kata sandi Anda tidak dikirim tanpa enkripsi.",
    "Your session is invalid or has expired; please sign in again.":
        "Sesi Anda tidak sah atau sudah kedaluwarsa; silakan masuk lagi.",
    "You may not do this.": "Anda tidak boleh melakukan ini.",
    "Not found on the helpdesk server.": "Tidak ditemukan di server helpdesk.",
    "This is not possible in the ticket's current state.": "Ini tidak bisa dilakukan pada status tiket saat ini.",
    "That is too large for the helpdesk server.": "Itu terlalu besar untuk server helpdesk.",
    "The helpdesk server refused the input.": "Server helpdesk menolak isian tersebut.",
    "Too many requests; try again in {s} seconds.": "Terlalu banyak permintaan; coba lagi dalam {s} detik.",
    "The helpdesk server had a problem (HTTP {code}), so nothing was saved. Please try again later.":
        "Server helpdesk mengalami masalah (HTTP {code}), jadi tidak ada yang disimpan. Silakan coba lagi nanti.",
    "The helpdesk server refused the request (HTTP {code}).": "Server helpdesk menolak permintaan (HTTP {code}).",
    "The helpdesk server at {server} did not answer in time. Your request may or may not have been saved: look "
    "in My tickets before sending it again.":
        "Server helpdesk di {server} tidak menjawab tepat waktu. Permintaan Anda mungkin sudah tersimpan, mungkin "
        "juga belum: periksa Tiket saya sebelum mengirimnya lagi.",
    "The address {server} did not answer like a helpdesk server. Check the server address.":
        "Alamat {server} tidak menjawab seperti server helpdesk. Periksa alamat servernya.",
    "Cannot reach the helpdesk server at {server}, so nothing was sent. Check your network connection and try "
    "again.":
        "Server helpdesk di {server} tidak dapat dihubungi, jadi tidak ada yang terkirim. Periksa koneksi "
        "jaringan Anda lalu coba lagi.",
    "Remember me on this computer": "Ingat saya di komputer ini",
    "Keeps the sign-in in the system's keyring, never in a file.":
        "Menyimpan sesi masuk di keyring sistem, tidak pernah di dalam file.",
    "Screenshots cannot be sent to this helpdesk server yet":
        "Tangkapan layar belum bisa dikirim ke server helpdesk ini",
    # Remote diagnostics (desktop/console/diagnostics)
    "Run diagnostic…": "Jalankan diagnostik…",
    "Running diagnostics needs an L2 technician or above.":
        "Menjalankan diagnostik memerlukan teknisi L2 atau lebih tinggi.",
    "This ticket is not linked to a machine.": "Tiket ini tidak terhubung dengan mesin.",
    "Looking up the machine…": "Mencari mesin…",
    "{host} has no SSH target yet (helpdesk machine ssh-target).":
        "{host} belum punya tujuan SSH (helpdesk machine ssh-target).",
    "{host} has no pinned SSH host key.": "{host} tidak punya kunci host SSH yang disematkan.",
    "Run an approved diagnostic on {host} over SSH": "Jalankan diagnostik yang disetujui di {host} lewat SSH",
    "Open a ticket first.": "Buka tiket terlebih dahulu.",
    "The approved diagnostics catalogue cannot be read: {error}":
        "Katalog diagnostik yang disetujui tidak bisa dibaca: {error}",
    "Run diagnostic on {host}": "Jalankan diagnostik di {host}",
    "{host} · {os} · {user}@{target}:{port}": "{host} · {os} · {user}@{target}:{port}",
    "Machine:": "Mesin:",
    "Record on ticket:": "Catat pada tiket:",
    "Run": "Jalankan",
    "The output appears here.": "Keluaran muncul di sini.",
    "No approved diagnostic is available for your tier on this machine.":
        "Tidak ada diagnostik yang disetujui untuk tingkat Anda di mesin ini.",
    "Enter the ticket to record the run on.": "Masukkan tiket untuk mencatat hasil jalannya.",
    "Running {id} on {host}…": "Menjalankan {id} di {host}…",
    "Refused by the machine's gate": "Ditolak oleh gerbang mesin",
    "The diagnostic failed": "Diagnostik gagal",
    "Exit code {code}": "Kode keluar {code}",
    "{ms} ms": "{ms} md",
    "Timed out: stopped at the catalogue's time limit": "Waktu habis: dihentikan pada batas waktu katalog",
    "Truncated: output cut at the catalogue's size limit": "Terpotong: keluaran dipotong pada batas ukuran katalog",
    "Not run: {reason}": "Tidak dijalankan: {reason}",
    "Select a machine first.": "Pilih mesin terlebih dahulu.",
    "This diagnostic takes no parameters.": "Diagnostik ini tidak memerlukan parameter.",
    "(not set)": "(tidak diisi)",
    "{name} is required.": "{name} wajib diisi.",
    # Two-factor sign-in (desktop/common/signin.py, twofactor_dialog.py, console menu)
    "6-digit code or a recovery code": "Kode 6 digit atau kode pemulihan",
    "One-time code:": "Kode sekali pakai:",
    "Two-factor sign-in was not set up.": "Masuk dua faktor tidak jadi diatur.",
    "Set up two-factor sign-in": "Atur masuk dua faktor",
    "Scan this code with an authenticator app (such as Google Authenticator, Microsoft Authenticator or FreeOTP), "
    "then type the 6-digit code it shows.":
        "Pindai kode ini dengan aplikasi autentikator (misalnya Google Authenticator, Microsoft Authenticator, atau "
        "FreeOTP), lalu ketik kode 6 digit yang ditampilkannya.",
    "Copy recovery codes": "Salin kode pemulihan",
    "Keep the recovery codes somewhere safe: each signs you in once if you lose your phone. The secret and the "
    "codes are shown only now.":
        "Simpan kode pemulihan di tempat yang aman: masing-masing dapat dipakai sekali untuk masuk jika ponsel Anda "
        "hilang. Rahasia dan kode-kode ini hanya ditampilkan sekarang.",
    "Secret (to type in instead):": "Rahasia (untuk diketik sebagai gantinya):",
    "Recovery codes:": "Kode pemulihan:",
    "Code from the app:": "Kode dari aplikasi:",
    "Confirm": "Konfirmasi",
    "Type the 6-digit code your app shows.": "Ketik kode 6 digit yang ditampilkan aplikasi Anda.",
    "Two-factor sign-in…": "Masuk dua faktor…",
    "Sign out": "Keluar dari akun",
    "Two-factor sign-in": "Masuk dua faktor",
    "Two-factor sign-in is on: from now on you sign in with your password and a code from the app.":
        "Masuk dua faktor sudah aktif: mulai sekarang Anda masuk dengan kata sandi dan kode dari aplikasi.",
}


def fill(ts_path: str) -> list[str]:
    """Write the translations into the .ts file; returns the sources still untranslated."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = ID.get(source)
        if text is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for child in list(translation):
                translation.remove(child)
            form = ET.SubElement(translation, "numerusform")
            form.text = text
        else:
            translation.text = text
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    from pathlib import Path

    left = fill(str(Path(__file__).with_name("helpdesk_id.ts")))
    print("untranslated:", left or "none")
