"""The participants' room: a small web server on the facilitator's local network.

Participants join from their phones with their unit's 6-digit code and fill their idea cards (LK-2f),
problems with USG scores (LK-2b/LK-2d) and the Kanvas Inovasi (LK-3) box by box, and vote with dots.
Every save is an operation of :mod:`labinovasi.ops` handed to a *writer* — in the window, the window's
own single writer, so that its views and its undo history follow; without the window, a direct one.

The room never runs unless the facilitator opened it, binds only where the facilitator chose, and ends
every participant's session when it closes (the cookies are signed with a key that lives as long as the
room). See README, "Ruang peserta", for the threat model.
"""
