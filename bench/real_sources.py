"""Sources of the real-world development set (public resumes and job postings).

The documents are real people's data, so they are never committed: this script lists where
each one comes from (public GitHub repository, path, commit) and re-creates the folder from
a local copy of those repositories. Truth files (truth.json in resumes/ and vacancies/) are
written by reading each document and live next to the documents, outside the repository.

Folder: $REAL_DOCS_DIR (default bench/real/, git-ignored), laid out as
    resumes/<file>  resumes/truth.json  vacancies/<file>  vacancies/truth.json

Usage:
    python bench/real_sources.py list
    python bench/real_sources.py fetch --mirrors DIR
        DIR holds one bare git directory per repository, named "<owner>+<name>/repo"
        (or "<owner>+<name>/repo/.git"); each file is read with `git show COMMIT:PATH`.
    python bench/real_sources.py fetch --local DIR
        DIR holds the files already (flat, by their set name); they are copied.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "real"


def real_docs_dir() -> Path:
    return Path(os.environ.get("REAL_DOCS_DIR") or DEFAULT_DIR)


@dataclass(frozen=True)
class Source:
    kind: str  # "resumes" or "vacancies"
    file: str  # name inside the set folder
    repo: str  # owner/name on GitHub
    path: str  # path inside the repository
    commit: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}/blob/{self.commit}/{self.path}"


SOURCES: list[Source] = [
    Source("resumes", "xm-repo__HH.pdf", "xm-repo/cv", "HH.pdf", "1b814e2f41defb81574412584bf35084e5a7e723"),
    Source(
        "resumes",
        "AndreyBulygin46__Резюме.pdf",
        "AndreyBulygin46/CertificatesAndResume",
        "Резюме.pdf",
        "f9e211e10fb36a71a8fd17b3b2406e6b4c6796e2",
    ),
    Source(
        "resumes",
        "AndreyBulygin46__Резюме.docx",
        "AndreyBulygin46/CertificatesAndResume",
        "Резюме.docx",
        "002b331acf20020ef37724b6c4d2ac98f1eaed61",
    ),
    Source(
        "resumes",
        "dolanasarygbai__resume.pdf",
        "dolanasarygbai/hr_llm",
        "resume.pdf",
        "5f475f00893b0b634a5f186f6e930661860fa3ec",
    ),
    Source(
        "resumes",
        "AlexandrLyapin__Резюме.pdf",
        "AlexandrLyapin/resume",
        "Резюме.pdf",
        "698a9cd60d8aca80d8a86b6d4155fc77ff92ec0a",
    ),
    Source(
        "resumes", "AnnaLipova__Резюме.pdf", "AnnaLipova/hw2", "Резюме.pdf", "8ff74c4641f807daece8fb9a2a1ac85d88a56228"
    ),
    Source(
        "resumes",
        "EkaterinaBazhanova__Резюме.pdf",
        "EkaterinaBazhanova/Megafon",
        "Резюме.pdf",
        "843a5494c8335053a1df89c3fa769c61e01a0ff9",
    ),
    Source(
        "resumes",
        "EkaterinaBazhanova__course_presentation.pdf",
        "EkaterinaBazhanova/Megafon",
        "course_presentation.pdf",
        "4eb4043a6fb6100cf21104f6d7bddd2306c3da4c",
    ),
    Source(
        "resumes",
        "Firuz999__Резюме.pdf",
        "Firuz999/Manual_QA",
        "Резюме.pdf",
        "a4358f8de5427dbcb8de616a892201e68eb0ca5b",
    ),
    Source(
        "resumes",
        "Firuz999__Type of a testing.pdf",
        "Firuz999/Manual_QA",
        "Type of a testing.pdf",
        "2d3cd43ec9adfc545abfb161a9a16b0244c1dc4f",
    ),
    Source(
        "resumes",
        "GGermanBoldyrev__Резюме.pdf",
        "GGermanBoldyrev/my_resume_ru",
        "Резюме.pdf",
        "0e66dec0d429bede838bb48710968ee7721d2522",
    ),
    Source(
        "resumes", "Kseniya-5__резюме.pdf", "Kseniya-5/resume", "резюме.pdf", "336b6225899ad5ed9f03eac4b0379e87b6fa68cf"
    ),
    Source(
        "resumes", "Kseniya-5__отзыв.pdf", "Kseniya-5/resume", "отзыв.pdf", "e958067634a9140fe121bf4b00f00604a6124cff"
    ),
    Source(
        "resumes",
        "dariapankova__резюме.pdf",
        "dariapankova/qa_stuff",
        "резюме.pdf",
        "378d3fe4cb8cebe5ea8fbb58b006cfd56df7ee4c",
    ),
    Source("resumes", "00jeser__Резюме.pdf", "00jeser/CV", "Резюме.pdf", "096b4a80f8ba3f5dc93efb01c5c32d61cae49372"),
    Source("resumes", "00jeser__CV_ru.txt", "00jeser/CV", "CV_ru.md", "1c35d32e2d24fca45efb9da8208b060985e834a0"),
    Source(
        "resumes", "1kIPer4__Резюме.pdf", "1kIPer4/Resume", "Резюме.pdf", "2b01e000ae657976c78ad46add2daadcdd002a09"
    ),
    Source("resumes", "4EFI__Резюме.pdf", "4EFI/CV", "Резюме.pdf", "938637ca543a7cf8c5b25d2f1f5800132bf3a60c"),
    Source(
        "resumes",
        "AnastasiaSholokhova__Резюме.docx",
        "AnastasiaSholokhova/CV",
        "Резюме.docx",
        "aea225fcd726f41f250e5801c9d453684949c15f",
    ),
    Source(
        "resumes",
        "AnastasiaSholokhova__Resume (1).pdf",
        "AnastasiaSholokhova/CV",
        "Resume (1).pdf",
        "a39f9874e039f4f5ad0c35ae037c1253caddf34a",
    ),
    Source(
        "resumes",
        "AnimusPEXUS__резюме.pdf",
        "AnimusPEXUS/resume",
        "резюме.pdf",
        "64befea025a2d6e17f50322e2381463cdc044c54",
    ),
    Source(
        "resumes",
        "AnimusPEXUS__resume.pdf",
        "AnimusPEXUS/resume",
        "resume.pdf",
        "c477602a472b02f6d4319b2944831c5cf577d8d0",
    ),
    Source("resumes", "AoD314__cv_ru.pdf", "AoD314/cv", "cv_ru.pdf", "ccd27bb4ed12e5715774ebe40357513e5b66911a"),
    Source("resumes", "AoD314__cv.pdf", "AoD314/cv", "cv.pdf", "ccd27bb4ed12e5715774ebe40357513e5b66911a"),
    Source(
        "resumes", "Arsentyio__Резюме.pdf", "Arsentyio/resume", "Резюме.pdf", "571ceef5e8dd1ea097c6cd38893ab07114b1201b"
    ),
    Source("resumes", "BekaZR__Резюме.pdf", "BekaZR/Resume", "Резюме.pdf", "55aedff8ad1a2f12494a45ac1122d8ca99ff031c"),
    Source(
        "resumes",
        "Borodin__cv_ru.pdf",
        "Borodin/MaximBorodinCV",
        "cv_ru.pdf",
        "39802616f9e45856b3a4db486a4321b686603af4",
    ),
    Source(
        "resumes", "D-Petrov-S__Резюме.docx", "D-Petrov-S/cv", "Резюме.docx", "aefb8162111f552d5b489323dd31ab7fd1115d7d"
    ),
    Source(
        "resumes",
        "DanteCom__resume_ru.pdf",
        "DanteCom/resume",
        "resume_ru.pdf",
        "16a612b3cecf16b4565f9aebf47b909aa7896442",
    ),
    Source(
        "resumes",
        "DanteCom__resume_en.docx",
        "DanteCom/resume",
        "resume_en.docx",
        "16a612b3cecf16b4565f9aebf47b909aa7896442",
    ),
    Source(
        "resumes",
        "DenisGubernatorov__Резюме.pdf",
        "DenisGubernatorov/resume",
        "Резюме.pdf",
        "691a5f827ddb47de114bbfb6648638dc8ace2233",
    ),
    Source(
        "resumes",
        "DenisGubernatorov__resume.pdf",
        "DenisGubernatorov/resume",
        "resume.pdf",
        "ccb43d8bc6dc416d9fabbdd13535fc1ca5073b7f",
    ),
    Source(
        "resumes", "DmitryPMI__Резюме.pdf", "DmitryPMI/CV", "Резюме.pdf", "20e6f3825ae4f47e77d05af8984abc93e17dd33f"
    ),
    Source(
        "resumes", "EgorLeb__Резюме.pdf", "EgorLeb/Resume", "Резюме.pdf", "05e24f0f58488af4f12a99f1049d341f251f895c"
    ),
    Source(
        "resumes",
        "EgorLeb__Лебедев Резюме v2.0.pdf",
        "EgorLeb/Resume",
        "Лебедев Резюме v2.0.pdf",
        "b205a4f2a7e8dfd4b44446849f7fcaffd1e5ac9d",
    ),
    Source(
        "resumes",
        "IlyaMatsievskiy__resume_ru.pdf",
        "IlyaMatsievskiy/Resume",
        "resume_ru.pdf",
        "1dd92282bfa64e5dc3862d8f3f4f8f071cdaccb6",
    ),
    Source(
        "resumes",
        "IlyaMatsievskiy__resume_eng.pdf",
        "IlyaMatsievskiy/Resume",
        "resume_eng.pdf",
        "1dd92282bfa64e5dc3862d8f3f4f8f071cdaccb6",
    ),
    Source(
        "resumes",
        "Jangarashev__Резюме.docx",
        "Jangarashev/resume",
        "Резюме.docx",
        "300c158d562b1c54fef7950a258506a45d4e4e18",
    ),
    Source(
        "resumes",
        "JulKoroleva__cv_ru.pdf",
        "JulKoroleva/Portfolio",
        "cv_ru.pdf",
        "033dda6bfcb90ed7a4ee808ca0b87489272b30d5",
    ),
    Source("resumes", "KorvinEC__Резюме.pdf", "KorvinEC/CV", "Резюме.pdf", "c78aa62835370360d83d25ad6edbc70d3df5f53c"),
    Source(
        "resumes",
        "KorvinEC__English CV.pdf",
        "KorvinEC/CV",
        "English CV.pdf",
        "1afd6cef8105be9189e707016e95f636120547d9",
    ),
    Source(
        "resumes", "MESHA193__Резюме.pdf", "MESHA193/resume", "Резюме.pdf", "8865485a9fdbfd847208f9cb2de09d14efe5c13f"
    ),
    Source(
        "resumes", "Mality__Резюме.docx", "Mality/Resume", "Резюме.docx", "b5c6573b07088a8d56371cd268f476d2fa469538"
    ),
    Source(
        "resumes", "Maxiiiiim__Резюме.pdf", "Maxiiiiim/CV", "Резюме.pdf", "c9e991eb10f541f2bca2194297e3014818c31a3a"
    ),
    Source(
        "resumes",
        "TeaDove__RESUME_RU.pdf",
        "TeaDove/resume",
        "RESUME_RU.pdf",
        "3b4140043975623fd1df5f0768977e3bd7b3bc28",
    ),
    Source(
        "resumes",
        "TeaDove__RESUME_EN.txt",
        "TeaDove/resume",
        "RESUME_EN.md",
        "c68a367106fb346a2d0bd9508245a320557312b3",
    ),
    Source(
        "resumes",
        "alex-petrov-git__cv.pdf",
        "alex-petrov-git/resume",
        "cv.pdf",
        "1ccddd267e651e7d30bd9b0dab0f6cd7ee3f5b9b",
    ),
    Source("resumes", "dotzero__cv_ru.pdf", "dotzero/dotzero", "cv_ru.pdf", "2dd9b2ad37f40cd367abe7a5d6f70a69fc1869c0"),
    Source(
        "resumes",
        "gromoff97__resume_ru.pdf",
        "gromoff97/resume",
        "resume_ru.pdf",
        "41ec3d9c4ba3c425687d86432c4f1252b408ee0d",
    ),
    Source("resumes", "krom__resume_ru.pdf", "krom/roman", "resume_ru.pdf", "e284503c6f3139f52f3405f42cdd56038c00224c"),
    Source(
        "resumes", "levitskydv__cv_ru.pdf", "levitskydv/cv", "cv_ru.pdf", "4df4d25ac1a26b2ca024effe0c07aa49725fc790"
    ),
    Source(
        "resumes",
        "rame0__resume_en.pdf",
        "rame0/resume-latex",
        "resume_en.pdf",
        "a604cf0f9fd8df1f64ce51b1d49e012859cae43b",
    ),
    Source(
        "resumes",
        "sevgenn__resume_ru.pdf",
        "sevgenn/portfolio",
        "resume_ru.pdf",
        "f4a40f589bf5eba9835d57dcc4273a697d485c8e",
    ),
    Source(
        "resumes", "solodov-dev__cv_en.pdf", "solodov-dev/cv", "cv_en.pdf", "08124fd3de2c583951d444c5be59c26c20b6ffd4"
    ),
    Source("resumes", "usalko__cv_ru.pdf", "usalko/cv", "cv_ru.pdf", "1ae5275dc01f66a3916738883daa8ecba57e017e"),
    Source("resumes", "usalko__cv_en.pdf", "usalko/cv", "cv_en.pdf", "9f520b509cb81b14fcd8777b9e9c6c3e484bf75a"),
    Source(
        "resumes",
        "Elenaakhrestina__Резюме.pdf",
        "Elenaakhrestina/hw2",
        "Резюме.pdf",
        "4666c4c27ea9582101a653d529c92678746cf928",
    ),
    Source("resumes", "IrinaPr__Резюме.pdf", "IrinaPr/hw2", "Резюме.pdf", "d7ff536a6cbc2697870c12559b0f5251d926faaf"),
    Source(
        "resumes", "maromanova__резюме.pdf", "maromanova/hw2", "резюме.pdf", "82f82f5fe7d8512d213a4e103aa404e3eda825c0"
    ),
    Source(
        "resumes",
        "Sergpoipoip__резюме.docx",
        "Sergpoipoip/hw2",
        "резюме.docx",
        "d54ec7c6f6fb474bfd3d432bfe3f461556e069c2",
    ),
    Source(
        "resumes",
        "GoncharovaTatiana__резюме.docx",
        "GoncharovaTatiana/hw2",
        "резюме.docx",
        "74207997ed41aeb296722a9acb145b0a3cee7aed",
    ),
    Source(
        "resumes",
        "sweetd0vee__Арина_Голубицкая_резюме.pdf",
        "sweetd0vee/CV",
        "Арина_Голубицкая_резюме.pdf",
        "97e92007edb3d94c63fffabe5de6c60aaef48cab",
    ),
    Source(
        "resumes",
        "sweetd0vee__Arina_CV.pdf",
        "sweetd0vee/CV",
        "Arina_CV.pdf",
        "8917fcf3f3238cb89673a4af70b8c26fd5cd0b68",
    ),
    Source(
        "resumes",
        "sergeikartin__resume.pdf",
        "sergeikartin/resume",
        "resume.pdf",
        "1cc1eac374147e99722f7b5a9d68ac1aca15ad68",
    ),
    Source(
        "resumes", "itskovi4__резюме.pdf", "itskovi4/resume", "резюме.pdf", "b26f2012cfd01ec050c4192d4ab59f94d97bab37"
    ),
    Source(
        "resumes",
        "EternalRival__resume_ru.txt",
        "EternalRival/cv",
        "resume_ru.md",
        "371b484e4acc33dcfa3dcde1fdf7e2e9f30fa576",
    ),
    Source(
        "resumes", "Pomoguy__resume_ru.pdf", "Pomoguy/cv", "resume_ru.pdf", "79bd7b5dc185d7d52f9a75ab173f453eb3a3fcac"
    ),
    Source(
        "resumes",
        "heartsker___resume.pdf",
        "heartsker/resume",
        "_resume.pdf",
        "0c2b729ff4870237f00c00ad2d67ff214a8e246b",
    ),
    Source(
        "resumes",
        "MargaritaSivaya__резюме.pdf",
        "MargaritaSivaya/resume",
        "резюме.pdf",
        "e8bca6964374814b4287e95fdcd0de64c7372fb8",
    ),
    Source(
        "resumes",
        "Maslenskiy__резюме.pdf",
        "Maslenskiy/resume",
        "резюме.pdf",
        "0b164645a7b8bc6293d45df0384db912a38b0af7",
    ),
    Source(
        "resumes", "Kosh2020__резюме.pdf", "Kosh2020/resume", "резюме.pdf", "a06413647aa40cdd8867ae83da0fdbdc1445f560"
    ),
    Source(
        "resumes", "fedor13F__резюме.pdf", "fedor13F/resume", "резюме.pdf", "8497eef515782e117fcbd0a4aa41cdd02eb403b2"
    ),
    Source(
        "resumes",
        "godrays1234__Resume_Shogenov_Alim.pdf",
        "godrays1234/resume",
        "Resume_Shogenov_Alim.pdf",
        "2304934adfe213855732239e11d79e021a6d3e6f",
    ),
    Source(
        "resumes",
        "YaremchukOlga__резюме.pdf",
        "YaremchukOlga/CV",
        "резюме.pdf",
        "1239c736b5bfbc093732f82e5913d44a02c4b3d2",
    ),
    Source(
        "resumes",
        "sendhello__resume.pdf",
        "sendhello/resume-adapter",
        "resume.pdf",
        "ffb750cb182d1808d6ad962dedc323f35dcc36bd",
    ),
    Source(
        "resumes", "Znoleg__CV.docx", "Znoleg/CV_analyzer_mvp", "CV.docx", "d9db55baeb4c3525ebfb233d45aa6179a3f65204"
    ),
    Source(
        "resumes", "night1101__резюме.pdf", "night1101/resume", "резюме.pdf", "55e8ed8095e63bb89d740f14c58b526defb01166"
    ),
    Source(
        "resumes", "egobun__резюме.docx", "egobun/resume", "резюме.docx", "65f55744719d3f2bd89a481f6f99ae2c9d9f6b8c"
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Билык Алиса.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Билык Алиса.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Быстрова Екатерина.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Быстрова Екатерина.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Курилло Виктория Дмитриевна.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Курилло Виктория Дмитриевна.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Самойлов Максим Алексеевич.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Самойлов Максим Алексеевич.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Шершнёва Анастасия.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Шершнёва Анастасия.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Конин Артём Вячеславович.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Конин Артём Вячеславович.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Иваненко Андрей.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Иваненко Андрей.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes",
        "ShvetsovEgor__Резюме_Аскинази_В.А.pdf",
        "ShvetsovEgor/recrutment_system",
        "ui_ux_designer/Резюме_Аскинази_В.А.pdf",
        "22897a4593f7871918ccb329e382d4797d8d991d",
    ),
    Source(
        "resumes", "x2v0__cover_letter.txt", "x2v0/Resume", "vacancy.txt", "13c76d50ccd9e6250ab7d94ad325a80e521c4f11"
    ),
    Source(
        "resumes",
        "Borodin__cv_en.pdf",
        "Borodin/MaximBorodinCV",
        "cv_en.pdf",
        "39802616f9e45856b3a4db486a4321b686603af4",
    ),
    Source(
        "resumes",
        "cop1cat__resume_en.pdf",
        "cop1cat/resume",
        "resume_en.pdf",
        "ff8156ec26f042523a563334eee4fa68c2791a12",
    ),
    Source(
        "resumes",
        "la3van__Latyshev Ivan Resume.pdf",
        "la3van/Resume",
        "Latyshev Ivan Resume.pdf",
        "9a34412ac268fd0134ff544edadf7767dda219c9",
    ),
    Source(
        "resumes",
        "gromoff97__resume_en.pdf",
        "gromoff97/resume",
        "resume_en.pdf",
        "e6477195a8eb4417912b61af337a0506029281a4",
    ),
    Source(
        "resumes",
        "JulKoroleva__cv_en.pdf",
        "JulKoroleva/Portfolio",
        "cv_en.pdf",
        "033dda6bfcb90ed7a4ee808ca0b87489272b30d5",
    ),
    Source(
        "resumes",
        "TeaDove__RESUME_EN.pdf",
        "TeaDove/resume",
        "RESUME_EN.pdf",
        "c68a367106fb346a2d0bd9508245a320557312b3",
    ),
    Source("resumes", "sweetd0vee__cv.pdf", "sweetd0vee/CV", "cv.pdf", "df7f580711681431af82463cb3c3f0cc06226df1"),
    Source(
        "vacancies", "IlyaMar__vacancy.txt", "IlyaMar/test", "vacancy.txt", "8692d52e0fef8a83890ae08a5e2067ca28088914"
    ),
    Source(
        "vacancies",
        "Znoleg__vacancy.txt",
        "Znoleg/CV_analyzer_mvp",
        "vacancy.txt",
        "b74099f116bc8da40889783c75a7848a63960a1a",
    ),
    Source(
        "vacancies",
        "dolanasarygbai__vacancy.txt",
        "dolanasarygbai/hr_llm",
        "vacancy.txt",
        "5f475f00893b0b634a5f186f6e930661860fa3ec",
    ),
    Source(
        "vacancies",
        "operationos-staff__vacancy.txt",
        "operationos-staff/hr-bot",
        "vacancy.txt",
        "7ab5b4433faf27843215cbee6175a6d32acae8d4",
    ),
    Source(
        "vacancies", "polich7__vacancy.txt", "polich7/diplom", "vacancy.txt", "715107e08675b74bf5d7df65407fb87b8a7f53a0"
    ),
    Source(
        "vacancies",
        "ShvetsovEgor__вакансия.txt",
        "ShvetsovEgor/recrutment_system",
        "вакансия.txt",
        "19dd28f74e6723f96a4a2a715c739ec7f99a186a",
    ),
    Source(
        "vacancies",
        "ShvetsovEgor__Вакансия_Графический дизайнер.pdf",
        "ShvetsovEgor/recrutment_system",
        "uploads/Вакансия_Графический дизайнер.pdf",
        "e439336630dd63e96d5317676ea952cd40d08d0d",
    ),
    Source(
        "vacancies", "PawAKr__вакансия.txt", "PawAKr/TXT", "вакансия.txt", "7cfa97031e66fd5eb74f0fa5a77575b3dac3d1a4"
    ),
    Source(
        "vacancies",
        "Berdikin__vacancy.pdf",
        "Berdikin/test_mcdonalds_DS",
        "vacancy.pdf",
        "fd2064f1fe4d783ac37f5aa04896faf53590c40c",
    ),
    Source(
        "vacancies",
        "NauKZ__Вакансия.docx",
        "NauKZ/vacancy",
        "Вакансия.docx",
        "c1de369241a5d5755f84cc7e79112814a4f27172",
    ),
    Source(
        "vacancies",
        "sendhello__vacancy.txt",
        "sendhello/resume-adapter",
        "vacancy.txt",
        "fb543bdff669c4e972fbe5472999b51ea72ede9a",
    ),
    Source(
        "vacancies",
        "socialtechio__vacancy.txt",
        "socialtechio/vacancy-devops-engineer",
        "vacancy.txt",
        "8e0ce180a9c1b7aec875d98678483b5c637fb5d0",
    ),
    Source(
        "vacancies",
        "ScienceUA__vacancy.txt",
        "ScienceUA/hr_pro",
        "vacancy.txt",
        "e401652b57de9720a8bc8fd8eeb67a7fac06f1d8",
    ),
    Source(
        "vacancies",
        "ScienceUA__test_vacancy.txt",
        "ScienceUA/hr_pro",
        "tests/fixtures/raw/test_vacancy.txt",
        "e3c052de68a3592992d342217d544e9fd9f60621",
    ),
    Source(
        "vacancies",
        "Little-trash-fairy__vacancy.pdf",
        "Little-trash-fairy/Icon__for_the_interview_site_ai",
        "vacancy.pdf",
        "256a65292a4fe730d4215411331ad8c15426e0d5",
    ),
    Source(
        "vacancies", "fmpiza__vacancy.pdf", "fmpiza/question", "vacancy.pdf", "fc9acc29c03397c29c3a9c8720e4504000575e50"
    ),
]


def _git_dir(mirrors: Path, repo: str) -> Path | None:
    base = mirrors / repo.replace("/", "+", 1) / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "objects").is_dir():
            return candidate
    return None


def fetch(target: Path, mirrors: Path | None, local: Path | None) -> int:
    missing = 0
    for src in SOURCES:
        out = target / src.kind / src.file
        out.parent.mkdir(parents=True, exist_ok=True)
        if local is not None:
            found = local / src.file
            if not found.is_file():
                found = local / src.kind / src.file
            if found.is_file():
                shutil.copyfile(found, out)
                continue
        elif mirrors is not None:
            git_dir = _git_dir(mirrors, src.repo)
            if git_dir is not None:
                done = subprocess.run(
                    ["git", f"--git-dir={git_dir}", "show", f"{src.commit}:{src.path}"],
                    capture_output=True,
                    check=False,
                )
                if done.returncode == 0:
                    out.write_bytes(done.stdout)
                    continue
        missing += 1
        print(f"missing: {src.kind}/{src.file}  <- {src.url}", file=sys.stderr)
    print(f"{len(SOURCES) - missing} of {len(SOURCES)} files in {target}")
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="print every source as kind, file, URL")
    f = sub.add_parser("fetch", help="re-create the folder from local copies")
    group = f.add_mutually_exclusive_group(required=True)
    group.add_argument("--mirrors", type=Path, help="folder of bare git directories (<owner>+<name>/repo)")
    group.add_argument("--local", type=Path, help="folder that already holds the files")
    args = parser.parse_args()
    if args.cmd == "list":
        for src in SOURCES:
            print(f"{src.kind}\t{src.file}\t{src.url}")
        print(
            f"{sum(s.kind == 'resumes' for s in SOURCES)} resumes, {sum(s.kind == 'vacancies' for s in SOURCES)} postings"
        )
        return 0
    return fetch(real_docs_dir(), args.mirrors, args.local)


if __name__ == "__main__":
    sys.exit(main())
