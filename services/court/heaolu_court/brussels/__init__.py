"""Brussels IIb (Reg. (EU) 2019/1111): SKA's requests as central authority and the tasks it
gives municipalities (Art. 79, 80, 82)."""
