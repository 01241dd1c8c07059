"""Evidence for the police: the PDF report, its signature, the evidence package and the verifier.

Nothing here imports Qt or the store: services assemble the data, these modules render, sign and check.
"""
