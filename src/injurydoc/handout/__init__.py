"""The patient handout (stödinformation): where to get help, what happens to the documentation.

Qt-free: the texts in seven languages, the unit's local contacts, and the handout as HTML.  The UI
(``ui/handout_pdf.py``) lays the HTML out with Qt, which shapes Arabic script and orders right-to-left
text, and prints it or writes it as PDF.
"""
